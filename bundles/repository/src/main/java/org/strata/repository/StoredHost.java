package org.strata.repository;

import java.time.Instant;

/**
 * A host as the repository keeps it: configuration only, no live state, and never the password.
 * {@code bmcHostId} is the machine host whose BMC manages this host's power, null when none is named.
 */
public record StoredHost(String id, String name, String datacenterId, String poolId, String driverId,
                         String address, String username, boolean hasPassword, Instant created, String bmcHostId) {

    /** A host without a BMC. */
    public StoredHost(String id, String name, String datacenterId, String poolId, String driverId,
                      String address, String username, boolean hasPassword, Instant created) {
        this(id, name, datacenterId, poolId, driverId, address, username, hasPassword, created, null);
    }
}
