package org.strata.api.storage;

import java.util.List;
import org.strata.api.StrataException;
import org.strata.api.task.Task;

/**
 * Volumes on storage hosts (hosts whose driver is a storage driver). Lists are read from the backend
 * now; changes are tasks whose {@code result} is the volume's path. Methods throw {@link StrataException}.
 */
public interface StorageService {

    /** The pools the storage host offers. */
    List<String> pools(String hostId);

    /** One pool with its capacity and free space (since 1.2); 404 when the host has no such pool. */
    StoragePool pool(String hostId, String pool);

    List<Volume> volumes(String hostId, String pool);

    Volume volume(String hostId, String pool, String name);

    Task createVolume(String hostId, VolumeSpec spec, String principal);

    Task cloneVolume(String hostId, String pool, String source, String newName, String principal);

    /** Grows a volume; shrinking is refused (409). */
    Task resizeVolume(String hostId, String pool, String name, long capacityMb, String principal);

    Task deleteVolume(String hostId, String pool, String name, String principal);

    /** Converts an image made by another product (VMDK, VHD) into a new volume, with progress. */
    Task importVolume(String hostId, VolumeImport spec, String principal);

    /** Who sees a pool of a storage host (since 2.2): its attachments to clusters and hosts. */
    List<StorageAttachment> attachments(String hostId, String pool);

    /**
     * Attaches a pool to a cluster or to a host ({@code attachment}'s clusterId or hostId; since 2.2). 400 when both or
     * neither are given, or the cluster or host does not exist; 409 when it is attached there already. VMs already
     * where the pool is not seen stay there: the attachment guides what comes next (placement, migration).
     */
    StorageAttachment attach(String hostId, String pool, StorageAttachment attachment, String principal);

    /**
     * Detaches a pool from a cluster or host ({@code targetId}, since 2.2); 404 when it is not attached there.
     */
    void detach(String hostId, String pool, String targetId, String principal);

    /** The snapshots of a volume, oldest first (since 2.2); 501 when its driver keeps none. */
    List<VolumeSnapshot> volumeSnapshots(String hostId, String pool, String volume);

    /**
     * Takes a snapshot of a volume (since 2.2), a task whose result is the snapshot's name. 409 when the name is taken,
     * or while a running VM uses the volume (its hypervisor snapshots it: a VM snapshot).
     */
    Task snapshotVolume(String hostId, String pool, String volume, String name, String principal);

    /** Puts a volume back as it was at a snapshot, which stays (since 2.2); 409 while a running VM uses the volume. */
    Task revertVolume(String hostId, String pool, String volume, String snapshot, String principal);

    /** Deletes a volume's snapshot (since 2.2); 409 while a running VM uses the volume. */
    Task deleteVolumeSnapshot(String hostId, String pool, String volume, String snapshot, String principal);
}
