package org.strata.engine;

/**
 * A VM change that takes resources, as core presents it to {@link AdmissionControl} before it submits the task.
 *
 * @param kind      what is asked
 * @param vmId      the VM (for a create, the id it will have)
 * @param vmName    its name, for messages
 * @param hostId    where it will run: the chosen host of a create, the VM's host for a start or a resize, the
 *                  destination of a migration
 * @param poolId    its pool, or null
 * @param cpus      its vCPUs after the change
 * @param memoryMb  its memory after the change, MiB
 * @param storageGb its storage after the change as tenants' quotas count it, GiB: the capacity of its disks'
 *                  volumes as storage hosts last reported them, rounded up per VM (the repository's
 *                  {@code VolumeStore.storageGb}); a disk on no reported volume counts 0. Only a create and a resize
 *                  (which includes a disk attached) carry it; a start or a migration carries 0
 * @param principal who asks
 */
public record VmClaim(
        Kind kind,
        String vmId,
        String vmName,
        String hostId,
        String poolId,
        int cpus,
        long memoryMb,
        long storageGb,
        String principal) {

    /** What a claim is for. */
    public enum Kind {
        /** A new VM, left stopped: counts against quotas, not against pool allocation. */
        CREATE,
        /** A stopped VM powered on: takes its allocation from its pool and its host. */
        START,
        /** A running VM moved live: takes its allocation on the destination host. */
        MIGRATE,
        /** A VM's size changed: counts the difference against quotas, and against its pool if it runs. */
        RESIZE
    }
}
