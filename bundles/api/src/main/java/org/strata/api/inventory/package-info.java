/** Datacenters, resource pools and hosts (hypervisor, storage and bare-metal), as stored and with their live state. */
@Version("2.1.0")
package org.strata.api.inventory;

import org.osgi.annotation.versioning.Version;
