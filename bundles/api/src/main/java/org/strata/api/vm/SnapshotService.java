package org.strata.api.vm;

import java.util.List;
import org.strata.api.task.Task;

/**
 * VM snapshots (since 2.3). Taking, reverting and deleting are tasks, whose {@code result} is the snapshot's name.
 * The list is read from the hypervisor now: it keeps the snapshots, Strata does not copy them. Methods throw
 * {@link org.strata.api.StrataException} only: 404 for an unknown VM or snapshot, 409 for a duplicate name, 501 for
 * a host whose driver takes no snapshots.
 */
public interface SnapshotService {

    /** The VM's snapshots, parents before their children. */
    List<VmSnapshot> snapshots(String vmId);

    Task createSnapshot(String vmId, SnapshotRequest request, String principal);

    /**
     * Puts the VM back as it was when the snapshot was taken: running again after a snapshot with memory, stopped
     * after one without. The snapshot stays and becomes the current one.
     */
    Task revertSnapshot(String vmId, String name, String principal);

    /** Deletes one snapshot; its children move to its parent and the VM's current state is unchanged. */
    Task deleteSnapshot(String vmId, String name, String principal);
}
