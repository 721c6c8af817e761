package org.strata.api.vm;

/**
 * A snapshot to take (since 2.3).
 *
 * @param name        unique among the VM's snapshots: letters, digits, '.', '_' and '-', at most 64
 * @param description free text, or null
 * @param memory      keep a running VM's memory too, so that a revert resumes it (vSphere's "snapshot the virtual
 *                    machine's memory"); null means true for a running VM
 * @param quiesce     freeze the guest's file systems through its agent while the disks are captured, when an agent
 *                    answers; null means true for a snapshot without memory. A snapshot with the VM's memory is never
 *                    quiesced (as in vSphere): its memory holds what the file systems have in flight, and a memory
 *                    taken while they were frozen would bring back a frozen guest at each revert; asking for both
 *                    is refused
 */
public record SnapshotRequest(String name, String description, Boolean memory, Boolean quiesce) {}
