package org.strata.api.vm;

/**
 * A snapshot to take (since 2.3).
 *
 * @param name        unique among the VM's snapshots: letters, digits, '.', '_' and '-', at most 64
 * @param description free text, or null
 * @param memory      keep a running VM's memory too, so that a revert resumes it (vSphere's "snapshot the virtual
 *                    machine's memory"); null means true for a running VM
 * @param quiesce     freeze the guest's file systems through its agent while the disks are captured, when an agent
 *                    answers; null means true
 */
public record SnapshotRequest(String name, String description, Boolean memory, Boolean quiesce) {}
