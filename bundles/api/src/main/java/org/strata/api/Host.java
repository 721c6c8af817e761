package org.strata.api;

import java.time.Instant;

/**
 * A managed host: a hypervisor host, a bare-metal machine or a storage system, reached by the driver
 * named {@code driverId} at {@code address}. The password is never part of this record. {@code info} is
 * what the host reported at its last contact, null before the first. {@code bmcHostId}, when set, names the
 * bare-metal machine host (managed by a hardware driver) whose BMC powers and fences this host.
 */
public record Host(String id, String name, String datacenterId, String poolId, String driverId,
                   String address, String username, boolean hasPassword,
                   HostState state, String stateReason, Instant created, HostInfo info, String bmcHostId) {

    public Host(String id, String name, String datacenterId, String poolId, String driverId, String address,
                String username, boolean hasPassword, HostState state, String stateReason, Instant created,
                HostInfo info) {
        this(id, name, datacenterId, poolId, driverId, address, username, hasPassword, state, stateReason,
                created, info, null);
    }

    public Host(String id, String name, String datacenterId, String poolId, String driverId, String address,
                String username, boolean hasPassword, HostState state, String stateReason, Instant created) {
        this(id, name, datacenterId, poolId, driverId, address, username, hasPassword, state, stateReason,
                created, null, null);
    }

    public Host withState(HostState newState, String reason) {
        return new Host(id, name, datacenterId, poolId, driverId, address, username, hasPassword,
                newState, reason, created, info, bmcHostId);
    }
}
