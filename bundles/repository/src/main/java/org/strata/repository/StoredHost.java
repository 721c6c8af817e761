package org.strata.repository;

import java.time.Instant;
import org.strata.api.inventory.HostKind;

/**
 * A host as the repository keeps it: configuration only, no live state, and never the password.
 * {@code bmcHostId} is the machine host whose BMC manages this host's power, null when none is named. {@code kind}
 * is what the host is; null only for a host recorded before kinds were stored whose driver has not run since.
 */
public record StoredHost(
        String id,
        String name,
        String datacenterId,
        String poolId,
        String driverId,
        String address,
        String username,
        boolean hasPassword,
        Instant created,
        String bmcHostId,
        HostKind kind) {

    /** A host of unknown kind. */
    public StoredHost(
            String id,
            String name,
            String datacenterId,
            String poolId,
            String driverId,
            String address,
            String username,
            boolean hasPassword,
            Instant created,
            String bmcHostId) {
        this(id, name, datacenterId, poolId, driverId, address, username, hasPassword, created, bmcHostId, null);
    }

    /** A host without a BMC, of unknown kind. */
    public StoredHost(
            String id,
            String name,
            String datacenterId,
            String poolId,
            String driverId,
            String address,
            String username,
            boolean hasPassword,
            Instant created) {
        this(id, name, datacenterId, poolId, driverId, address, username, hasPassword, created, null, null);
    }
}
