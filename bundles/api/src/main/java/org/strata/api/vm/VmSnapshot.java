package org.strata.api.vm;

import java.time.Instant;

/**
 * A snapshot of a VM, as its hypervisor keeps it (since 2.3). Snapshots form a tree: each names its parent, and
 * the one the VM runs on top of is {@code current}.
 *
 * @param state      the VM's power state when it was taken
 * @param withMemory whether a revert to it resumes the VM as it ran (false: the VM is left stopped)
 * @param quiesced   whether the guest's file systems were frozen through its agent while the disks were captured
 * @param created    when it was taken, or null when the hypervisor does not say
 */
public record VmSnapshot(
        String name,
        String parent,
        String description,
        Instant created,
        VmState state,
        boolean withMemory,
        boolean quiesced,
        boolean current) {}
