/**
 * The configuration repository's contract, used by core: datacenters, pools, hosts (with their encrypted
 * credentials), change history, events and tasks. Every write is one transaction.
 */
@Version("1.0.0")
package org.strata.repository;

import org.osgi.annotation.versioning.Version;
