/**
 * The configuration repository's contract, used by core: datacenters, pools, hosts (with their encrypted
 * credentials), bare-metal machines (1.1), change history, events and tasks. Every write is one transaction.
 */
@Version("1.13.0")
package org.strata.repository;

import org.osgi.annotation.versioning.Version;
