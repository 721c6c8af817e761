package org.strata.spi.hypervisor;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of a VM as its hypervisor reports it (since 2.1). Snapshots form a tree: each names its parent.
 *
 * @param name       unique among the VM's snapshots
 * @param parent     the snapshot the VM ran on top of when this one was taken, or null for a root
 * @param created    when it was taken, or null when the hypervisor does not say
 * @param state      the VM's power state when it was taken
 * @param withMemory whether it holds the VM's memory (a revert then resumes the VM as it ran)
 * @param quiesced   whether the guest's file systems were frozen while the disks were captured, as far as the
 *                   hypervisor knows (false when it does not record it)
 * @param current    whether the VM runs on top of this one now: the parent of its next snapshot
 */
public record SnapshotInfo(
        String name,
        String parent,
        String description,
        Instant created,
        VmInfo.PowerState state,
        boolean withMemory,
        boolean quiesced,
        boolean current) {

    public SnapshotInfo {
        Objects.requireNonNull(name, "name");
        state = state == null ? VmInfo.PowerState.UNKNOWN : state;
    }
}
