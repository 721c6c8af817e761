package org.strata.spi.hypervisor;

import java.util.Objects;

/**
 * What to keep in a new VM snapshot (since 2.1).
 *
 * @param name        unique among the VM's snapshots
 * @param description free text, or null
 * @param withMemory  keep the running VM's memory too, so that a revert resumes it where it was; ignored for a
 *                    stopped VM (there is no memory to keep)
 * @param quiesce     ask the guest agent to flush and freeze the guest's file systems while the disks are
 *                    captured; a driver whose guest agent does not answer takes the snapshot unquiesced and says so
 *                    in {@link SnapshotInfo#quiesced()}
 */
public record SnapshotSpec(String name, String description, boolean withMemory, boolean quiesce) {

    public SnapshotSpec {
        Objects.requireNonNull(name, "name");
    }
}
