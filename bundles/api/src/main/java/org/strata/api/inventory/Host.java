package org.strata.api.inventory;

import java.time.Instant;

/**
 * A managed host: a hypervisor host, a bare-metal machine or a storage system, reached by the driver
 * named {@code driverId} at {@code address}. The password is never part of this record. {@code info} is
 * what the host reported at its last contact, null before the first. {@code bmcHostId}, when set, names the
 * bare-metal machine host (managed by a hardware driver) whose BMC powers and fences this host. {@code kind} is
 * what the host is, recorded with it so that it is known while its driver is away (since 1.4); null only for a
 * host recorded before kinds were stored whose driver has not run since.
 */
public record Host(
        String id,
        String name,
        String datacenterId,
        String poolId,
        String driverId,
        String address,
        String username,
        boolean hasPassword,
        HostState state,
        String stateReason,
        Instant created,
        HostInfo info,
        String bmcHostId,
        HostKind kind) {

    /** A host as described before kinds were stored: kind unknown. */
    public Host(
            String id,
            String name,
            String datacenterId,
            String poolId,
            String driverId,
            String address,
            String username,
            boolean hasPassword,
            HostState state,
            String stateReason,
            Instant created,
            HostInfo info,
            String bmcHostId) {
        this(
                id,
                name,
                datacenterId,
                poolId,
                driverId,
                address,
                username,
                hasPassword,
                state,
                stateReason,
                created,
                info,
                bmcHostId,
                null);
    }

    public Host(
            String id,
            String name,
            String datacenterId,
            String poolId,
            String driverId,
            String address,
            String username,
            boolean hasPassword,
            HostState state,
            String stateReason,
            Instant created,
            HostInfo info) {
        this(
                id,
                name,
                datacenterId,
                poolId,
                driverId,
                address,
                username,
                hasPassword,
                state,
                stateReason,
                created,
                info,
                null,
                null);
    }

    public Host(
            String id,
            String name,
            String datacenterId,
            String poolId,
            String driverId,
            String address,
            String username,
            boolean hasPassword,
            HostState state,
            String stateReason,
            Instant created) {
        this(
                id,
                name,
                datacenterId,
                poolId,
                driverId,
                address,
                username,
                hasPassword,
                state,
                stateReason,
                created,
                null,
                null,
                null);
    }

    public Host withState(HostState newState, String reason) {
        return new Host(
                id,
                name,
                datacenterId,
                poolId,
                driverId,
                address,
                username,
                hasPassword,
                newState,
                reason,
                created,
                info,
                bmcHostId,
                kind);
    }
}
