package org.strata.api.vm;

import java.time.Instant;

/**
 * A virtual machine in the inventory. Its configuration is {@code spec}; its power state is what the
 * hypervisor last reported (by an event, an operation or the periodic reconcile).
 *
 * @param id           Strata's id; for a VM that Strata defined, also its UUID on the hypervisor
 * @param hypervisorId the hypervisor's own id of the VM (a UUID for libvirt and ESX)
 * @param managed      true when Strata defined it, false when it was found on the host
 * @param stateChanged when {@code state} last changed, as far as Strata saw
 * @param poolId       the resource pool the VM belongs to (since 2.1); null for a VM in no pool (found on a host
 *                     outside every cluster, or recorded before pools allocated)
 * @param template     whether it is a template (since 2.3): stopped for good, cloned rather than started
 * @param origin       what it was cloned from (since 2.3), or null for a VM that was not cloned by Strata
 */
public record VirtualMachine(
        String id,
        String hostId,
        String name,
        VmState state,
        int cpus,
        long memoryMb,
        String hypervisorId,
        VmSpec spec,
        boolean managed,
        Instant stateChanged,
        Instant created,
        String poolId,
        boolean template,
        VmOrigin origin) {

    /** A VM as described before templates and clones. */
    public VirtualMachine(
            String id,
            String hostId,
            String name,
            VmState state,
            int cpus,
            long memoryMb,
            String hypervisorId,
            VmSpec spec,
            boolean managed,
            Instant stateChanged,
            Instant created,
            String poolId) {
        this(
                id,
                hostId,
                name,
                state,
                cpus,
                memoryMb,
                hypervisorId,
                spec,
                managed,
                stateChanged,
                created,
                poolId,
                false,
                null);
    }

    /** A VM as described before VMs belonged to pools. */
    public VirtualMachine(
            String id,
            String hostId,
            String name,
            VmState state,
            int cpus,
            long memoryMb,
            String hypervisorId,
            VmSpec spec,
            boolean managed,
            Instant stateChanged,
            Instant created) {
        this(
                id,
                hostId,
                name,
                state,
                cpus,
                memoryMb,
                hypervisorId,
                spec,
                managed,
                stateChanged,
                created,
                null,
                false,
                null);
    }

    /** A VM as a driver reports it live, before it is in the inventory. */
    public VirtualMachine(String id, String hostId, String name, VmState state, int cpus, long memoryMb) {
        this(id, hostId, name, state, cpus, memoryMb, id, null, false, null, null, null, false, null);
    }
}
