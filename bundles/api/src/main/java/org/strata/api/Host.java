package org.strata.api;

import java.time.Instant;

/**
 * A managed host: a hypervisor host, a bare-metal machine or a storage system, reached by the driver
 * named {@code driverId} at {@code address}. The password is never part of this record. {@code info} is
 * what the host reported at its last contact, null before the first.
 */
public record Host(String id, String name, String datacenterId, String poolId, String driverId,
                   String address, String username, boolean hasPassword,
                   HostState state, String stateReason, Instant created, HostInfo info) {

    public Host(String id, String name, String datacenterId, String poolId, String driverId, String address,
                String username, boolean hasPassword, HostState state, String stateReason, Instant created) {
        this(id, name, datacenterId, poolId, driverId, address, username, hasPassword, state, stateReason,
                created, null);
    }

    public Host withState(HostState newState, String reason) {
        return new Host(id, name, datacenterId, poolId, driverId, address, username, hasPassword,
                newState, reason, created, info);
    }
}
