package org.strata.spi.storage;

import java.util.List;
import java.util.function.IntConsumer;
import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.DriverException;

/**
 * A session with one storage backend. Thread-safe: the platform may call it from several threads.
 * Optional operations answer {@code UNSUPPORTED} unless overridden.
 */
@ConsumerType
public interface StorageSession extends AutoCloseable {

    /** The pools (or shares, or LUN groups) the backend offers. */
    List<String> pools();

    /**
     * The pools with their capacity and free space (since 1.2). The default knows the names only; a driver whose
     * backend reports sizes overrides it.
     */
    default List<PoolInfo> poolInfo() {
        return pools().stream().map(p -> new PoolInfo(p, -1, -1)).toList();
    }

    /** The volumes of a pool; {@code NOT_FOUND} when there is no such pool. */
    List<VolumeInfo> volumes(String pool);

    /** One volume; {@code NOT_FOUND} when there is none. */
    default VolumeInfo volume(String pool, String name) {
        return volumes(pool).stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new DriverException(
                        org.strata.spi.Fault.NOT_FOUND, "no volume '" + name + "' in pool '" + pool + "'"));
    }

    /** Creates a volume ({@code VOLUME_CREATE}); {@code format} is "qcow2" or "raw". */
    default VolumeInfo createVolume(String pool, String name, long capacityBytes, String format) {
        throw DriverException.unsupported("volume creation");
    }

    /** Deletes a volume ({@code VOLUME_CREATE}); {@code CONFLICT} while linked volumes read from it. */
    default void deleteVolume(String pool, String name) {
        throw DriverException.unsupported("volume deletion");
    }

    /** Copies a volume into a new one in the same pool ({@code VOLUME_CLONE}). */
    default VolumeInfo cloneVolume(String pool, String source, String newName) {
        throw DriverException.unsupported("volume cloning");
    }

    /**
     * Copies a volume into a new one in the same pool ({@code VOLUME_CLONE}), telling {@code progress} the percentage
     * done now and then (since 1.3). The default copies without telling.
     */
    default VolumeInfo cloneVolume(String pool, String source, String newName, IntConsumer progress) {
        return cloneVolume(pool, source, newName);
    }

    /**
     * Creates a qcow2 volume in the same pool whose unwritten blocks read from {@code backing}
     * ({@code VOLUME_LINKED_CLONE}, since 1.3): a linked clone. The new volume reports {@code backing} in
     * {@link VolumeInfo#backing()}. The backing volume must not change while volumes are linked to it: the platform
     * only links to volumes it keeps read-only (a template's disks). {@code NOT_FOUND} when there is no such volume.
     */
    default VolumeInfo createLinkedVolume(String pool, String backing, String name) {
        throw DriverException.unsupported("linked volumes");
    }

    /** The snapshots of one volume, oldest first ({@code VOLUME_SNAPSHOT}, since 1.3). */
    default List<VolumeSnapshotInfo> volumeSnapshots(String pool, String volume) {
        throw DriverException.unsupported("volume snapshots");
    }

    /**
     * Takes a snapshot of a volume ({@code VOLUME_SNAPSHOT}, since 1.3). {@code CONFLICT} when the name is taken, or
     * when the volume's format cannot hold snapshots and the backend has no other way. The platform asks it of a
     * volume no running VM writes (a running VM's disks are snapshotted by its hypervisor); a driver that can tell
     * the volume is in use answers {@code CONFLICT}.
     */
    default VolumeSnapshotInfo snapshotVolume(String pool, String volume, String snapshot) {
        throw DriverException.unsupported("volume snapshots");
    }

    /**
     * Puts a volume's data back as it was at the snapshot, which stays ({@code VOLUME_SNAPSHOT}, since 1.3). The
     * platform only asks this of a volume no running VM uses.
     */
    default void revertVolume(String pool, String volume, String snapshot) {
        throw DriverException.unsupported("volume snapshots");
    }

    /** Deletes a volume's snapshot ({@code VOLUME_SNAPSHOT}, since 1.3); like a snapshot, of a volume no VM writes. */
    default void deleteVolumeSnapshot(String pool, String volume, String snapshot) {
        throw DriverException.unsupported("volume snapshots");
    }

    /** Grows a volume to {@code capacityBytes} ({@code VOLUME_RESIZE}); shrinking is a {@code CONFLICT}. */
    default VolumeInfo resizeVolume(String pool, String name, long capacityBytes) {
        throw DriverException.unsupported("volume resizing");
    }

    /**
     * Converts an image file made by another product into a new volume ({@code VOLUME_IMPORT}).
     *
     * @param sourcePath   the image file, readable on the backend's host
     * @param sourceFormat its format ("vmdk", "vhdx", "vpc", "qcow2", "raw"), or null to detect it
     * @param format       the new volume's format
     * @param progress     told the percentage done, now and then
     */
    default VolumeInfo importVolume(
            String pool, String name, String sourcePath, String sourceFormat, String format, IntConsumer progress) {
        throw DriverException.unsupported("volume import");
    }

    @Override
    void close();
}
