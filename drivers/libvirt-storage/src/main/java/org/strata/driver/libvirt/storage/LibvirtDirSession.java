package org.strata.driver.libvirt.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntConsumer;
import org.libvirt.Connect;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.StorageVolInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;
import org.strata.spi.storage.PoolInfo;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;
import org.strata.spi.storage.VolumeSnapshotInfo;
import org.w3c.dom.Document;

/**
 * One libvirt connection and the dir pools behind it.
 *
 * <p>Thread safety: libvirt connections are thread-safe, so calls run concurrently; a read-write lock only
 * keeps {@link #close()} from freeing the connection under a call that is still using it. An import holds the
 * lock for its libvirt calls, not while qemu-img converts, so closing never waits for a long conversion.
 *
 * <p>Only active pools of type {@code dir} are offered: an inactive pool has no volumes to list and starting it
 * is the host operator's decision; other pool types (logical, iSCSI, ...) are not this driver's. One exception, read
 * only: an {@code iscsi-direct} pool, which a host's libvirt logs into with its own initiator name, lists the LUNs of
 * a SAN target that this host sees (its ACL admits the host); they are listed with the {@code iscsi://} paths VM disks
 * use, and made, grown and deleted by the iSCSI driver, not here.
 */
final class LibvirtDirSession implements StorageSession {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtDirSession.class);

    /** How long an import waits for the pool to accept a refresh while other volumes are being built. */
    private static final long REFRESH_DEADLINE_MILLIS = 30_000;

    private final String uri;
    private final boolean localFiles;
    private final Connect connect;
    private final QemuImg qemuImg;
    private final List<Path> importDirs;
    /** The driver's, shared by its sessions: qemu-img takes a snapshot name twice, so checking and taking is one step. */
    private final Object snapshotLock;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    LibvirtDirSession(
            String uri,
            boolean localFiles,
            Connect connect,
            QemuImg qemuImg,
            List<Path> importDirs,
            Object snapshotLock) {
        this.uri = uri;
        this.snapshotLock = snapshotLock;
        this.localFiles = localFiles;
        this.connect = connect;
        this.qemuImg = qemuImg;
        this.importDirs = List.copyOf(importDirs);
    }

    @Override
    public List<String> pools() {
        return libvirt("list the storage pools of " + uri, () -> {
            List<String> names = new ArrayList<>();
            for (String name : connect.listStoragePools()) {
                StoragePool pool = connect.storagePoolLookupByName(name);
                if (listed(type(pool))) {
                    names.add(name);
                }
            }
            names.sort(null);
            return names;
        });
    }

    /** The dir pools with libvirt's figures: capacity and what is still available in the pool's file system. */
    @Override
    public List<PoolInfo> poolInfo() {
        return libvirt("read the storage pools of " + uri, () -> {
            List<PoolInfo> pools = new ArrayList<>();
            for (String name : connect.listStoragePools()) {
                StoragePool pool = connect.storagePoolLookupByName(name);
                if (listed(type(pool))) {
                    pool.refresh(0);
                    org.libvirt.StoragePoolInfo info = pool.getInfo();
                    pools.add(new PoolInfo(name, info.capacity, info.available));
                }
            }
            pools.sort((a, b) -> a.name().compareTo(b.name()));
            return pools;
        });
    }

    @Override
    public List<VolumeInfo> volumes(String pool) {
        Names.pool(pool);
        return libvirt("list the volumes of pool '" + pool + "'", () -> {
            StoragePool p = readablePool(pool);
            if (ISCSI_DIRECT.equals(type(p))) {
                return IscsiDirect.volumes(pool, p);
            }
            List<VolumeInfo> volumes = new ArrayList<>();
            for (String name : p.listVolumes()) {
                try {
                    volumes.add(info(pool, p.storageVolLookupByName(name)));
                } catch (LibvirtException e) {
                    // Deleted between the listing and the lookup: it is no longer there to report.
                    if (code(e) != ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                        throw e;
                    }
                }
            }
            volumes.sort((a, b) -> a.name().compareTo(b.name()));
            return volumes;
        });
    }

    @Override
    public VolumeInfo volume(String pool, String name) {
        Names.pool(pool);
        Names.volume(name);
        return libvirt("read volume '" + name + "'", () -> {
            StoragePool p = readablePool(pool);
            if (ISCSI_DIRECT.equals(type(p))) {
                return IscsiDirect.volumes(pool, p).stream()
                        .filter(v -> v.name().equals(name))
                        .findFirst()
                        .orElseThrow(() -> new DriverException(
                                Fault.NOT_FOUND, "no volume '" + name + "' in pool '" + pool + "'"));
            }
            return info(pool, vol(dirPool(pool), pool, name));
        });
    }

    @Override
    public VolumeInfo createVolume(String pool, String name, long capacityBytes, String format) {
        Names.pool(pool);
        Names.volume(name);
        Names.capacity(capacityBytes);
        String f = Names.volumeFormat(format);
        return libvirt("create volume '" + name + "' in pool '" + pool + "'", () -> {
            StoragePool p = dirPool(pool);
            requireFree(p, pool, name);
            StorageVol vol = p.storageVolCreateXML(StorageXml.volume(name, capacityBytes, f), 0);
            LOG.info("Created {} volume {}/{} of {} bytes on {}", f, pool, name, capacityBytes, uri);
            return info(pool, vol);
        });
    }

    @Override
    public void deleteVolume(String pool, String name) {
        Names.pool(pool);
        Names.volume(name);
        libvirt("delete volume '" + name + "' from pool '" + pool + "'", () -> {
            StoragePool p = dirPool(pool);
            StorageVol vol = vol(p, pool, name);
            // A linked volume reads its unwritten blocks from this file: removing it would break every one of them.
            List<String> linked = new ArrayList<>();
            for (String other : p.listVolumes()) {
                if (!other.equals(name)) {
                    try {
                        if (name.equals(
                                info(pool, p.storageVolLookupByName(other)).backing())) {
                            linked.add(other);
                        }
                    } catch (LibvirtException e) {
                        if (code(e) != ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                            throw e;
                        }
                    }
                }
            }
            if (!linked.isEmpty()) {
                throw new DriverException(
                        Fault.CONFLICT,
                        "volume '" + name + "' is the base of the linked volumes " + linked + ": delete them first");
            }
            vol.delete(0);
            LOG.info("Deleted volume {}/{} on {}", pool, name, uri);
            return null;
        });
    }

    @Override
    public VolumeInfo cloneVolume(String pool, String source, String newName) {
        Names.pool(pool);
        Names.volume(source);
        Names.volume(newName);
        return libvirt("clone volume '" + source + "' to '" + newName + "' in pool '" + pool + "'", () -> {
            StoragePool p = dirPool(pool);
            StorageVol from = vol(p, pool, source);
            requireFree(p, pool, newName);
            VolumeInfo original = info(pool, from);
            String format = Names.VOLUME_FORMATS.contains(original.format()) ? original.format() : "raw";
            StorageVol copy =
                    p.storageVolCreateXMLFrom(StorageXml.volume(newName, original.capacityBytes(), format), from, 0);
            LOG.info("Cloned volume {}/{} to {} on {}", pool, source, newName, uri);
            return info(pool, copy);
        });
    }

    /**
     * With a listener and the pool's directory on this machine, the copy is qemu-img's ({@code convert -p}, the
     * program libvirt's own clone runs, which tells libvirt's caller nothing of its progress) into a file reserved
     * by its name, then registered by a pool refresh, as an import is. Otherwise, and for a volume with a backing
     * file, libvirt copies.
     */
    @Override
    public VolumeInfo cloneVolume(String pool, String source, String newName, IntConsumer progress) {
        if (progress == null || !localFiles) {
            return cloneVolume(pool, source, newName);
        }
        Names.pool(pool);
        Names.volume(source);
        Names.volume(newName);
        record Plan(VolumeInfo from, Path dir) {}
        Plan plan = libvirt("prepare the clone of '" + source + "' in pool '" + pool + "'", () -> {
            StoragePool p = dirPool(pool);
            VolumeInfo from = info(pool, vol(p, pool, source));
            requireFree(p, pool, newName);
            return new Plan(from, Path.of(StorageXml.text(StorageXml.parse(p.getXMLDesc(0)), "/pool/target/path")));
        });
        if (plan.from().backing() != null) {
            // qemu-img would read the backing file too, and which file that is comes from the volume's header, which
            // libvirt read: left to libvirt's own copy, as before progress was told.
            return cloneVolume(pool, source, newName);
        }
        String format = Names.VOLUME_FORMATS.contains(plan.from().format())
                ? plan.from().format()
                : "raw";
        Path target = plan.dir().resolve(newName);
        try {
            Files.createFile(
                    target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new DriverException(Fault.CONFLICT, "pool '" + pool + "' already has a file named '" + newName + "'");
        } catch (IOException | UnsupportedOperationException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot create " + target + ": " + Reasons.of(e), e);
        }
        boolean done = false;
        try {
            qemuImg.convert(Path.of(plan.from().path()), plan.from().format(), target, format, progress, true);
            VolumeInfo copy = refreshAndFind(pool, newName);
            done = true;
            LOG.info("Cloned volume {}/{} to {} with qemu-img on {}", pool, source, newName, uri);
            return copy;
        } finally {
            if (!done) {
                discard(pool, target);
            }
        }
    }

    /**
     * A qcow2 file whose backing file is the base's, made by libvirt from a volume description with a
     * {@code <backingStore>} ({@code qemu-img create -b BASE -F FORMAT}): libvirt knows the new volume at once, on
     * remote hosts too. The base keeps its absolute path in the new file's header.
     */
    @Override
    public VolumeInfo createLinkedVolume(String pool, String backing, String name) {
        Names.pool(pool);
        Names.volume(backing);
        Names.volume(name);
        return libvirt("create linked volume '" + name + "' on '" + backing + "' in pool '" + pool + "'", () -> {
            StoragePool p = dirPool(pool);
            VolumeInfo base = info(pool, vol(p, pool, backing));
            requireFree(p, pool, name);
            StorageVol vol = p.storageVolCreateXML(
                    StorageXml.linkedVolume(name, base.capacityBytes(), base.path(), base.format()), 0);
            LOG.info("Created linked volume {}/{} on {} on {}", pool, name, backing, uri);
            return info(pool, vol);
        });
    }

    /**
     * qcow2 internal snapshots, read with {@code qemu-img info}: libvirt has snapshots of domains only, none of
     * volumes. Their disk space is not told apart from the file's, so sizes are -1.
     */
    @Override
    public List<VolumeSnapshotInfo> volumeSnapshots(String pool, String volume) {
        Path file = snapshotFile(pool, volume);
        return qemuImg.snapshots(file).stream()
                .map(s -> new VolumeSnapshotInfo(pool, volume, s.name(), s.created(), -1))
                .toList();
    }

    @Override
    public VolumeSnapshotInfo snapshotVolume(String pool, String volume, String snapshot) {
        Names.snapshot(snapshot);
        Path file = snapshotFile(pool, volume);
        synchronized (snapshotLock) {
            if (findSnapshot(file, snapshot) != null) {
                throw new DriverException(
                        Fault.CONFLICT, "volume '" + volume + "' already has a snapshot named '" + snapshot + "'");
            }
            qemuImg.snapshot("-c", snapshot, file);
            QemuImg.Snapshot taken = findSnapshot(file, snapshot);
            LOG.info("Took snapshot {} of volume {}/{} on {}", snapshot, pool, volume, uri);
            return new VolumeSnapshotInfo(pool, volume, snapshot, taken == null ? null : taken.created(), -1);
        }
    }

    @Override
    public void revertVolume(String pool, String volume, String snapshot) {
        Names.snapshot(snapshot);
        Path file = snapshotFile(pool, volume);
        synchronized (snapshotLock) {
            requireSnapshot(file, volume, snapshot);
            qemuImg.snapshot("-a", snapshot, file);
        }
        LOG.info("Reverted volume {}/{} to snapshot {} on {}", pool, volume, snapshot, uri);
    }

    @Override
    public void deleteVolumeSnapshot(String pool, String volume, String snapshot) {
        Names.snapshot(snapshot);
        Path file = snapshotFile(pool, volume);
        synchronized (snapshotLock) {
            requireSnapshot(file, volume, snapshot);
            qemuImg.snapshot("-d", snapshot, file);
        }
        LOG.info("Deleted snapshot {} of volume {}/{} on {}", snapshot, pool, volume, uri);
    }

    /** The file of a qcow2 volume, which qemu-img must reach: the pool's directory must be on this machine. */
    private Path snapshotFile(String pool, String volume) {
        if (!localFiles) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "volume snapshots are taken with qemu-img on the volume's file, and " + uri
                            + " is not a local libvirt URI (snapshots work with qemu:///system or qemu:///session when"
                            + " Strata runs on the libvirt host itself; libvirt has no volume snapshots of its own)");
        }
        VolumeInfo v = volume(pool, volume);
        if (!"qcow2".equals(v.format())) {
            throw new DriverException(
                    Fault.CONFLICT,
                    "volume '" + volume + "' is " + v.format() + ": " + v.format()
                            + " volumes hold no snapshots (qcow2 volumes do)");
        }
        return Path.of(v.path());
    }

    private QemuImg.Snapshot findSnapshot(Path file, String snapshot) {
        return qemuImg.snapshots(file).stream()
                .filter(s -> s.name().equals(snapshot))
                .findFirst()
                .orElse(null);
    }

    private void requireSnapshot(Path file, String volume, String snapshot) {
        if (findSnapshot(file, snapshot) == null) {
            throw new DriverException(
                    Fault.NOT_FOUND, "volume '" + volume + "' has no snapshot named '" + snapshot + "'");
        }
    }

    @Override
    public VolumeInfo resizeVolume(String pool, String name, long capacityBytes) {
        Names.pool(pool);
        Names.volume(name);
        Names.capacity(capacityBytes);
        return libvirt("resize volume '" + name + "' in pool '" + pool + "'", () -> {
            StorageVol vol = vol(dirPool(pool), pool, name);
            long current = vol.getInfo().capacity;
            if (capacityBytes < current) {
                // Shrinking cuts off whatever the guest keeps at the end of its disk: refused, not attempted.
                throw new DriverException(
                        Fault.CONFLICT,
                        "volume '" + name + "' has " + current + " bytes; shrinking it to " + capacityBytes
                                + " bytes is refused (volumes only grow)");
            }
            if (capacityBytes > current) {
                vol.resize(capacityBytes, 0);
                LOG.info("Resized volume {}/{} from {} to {} bytes on {}", pool, name, current, capacityBytes, uri);
            }
            return info(pool, vol);
        });
    }

    @Override
    public VolumeInfo importVolume(
            String pool, String name, String sourcePath, String sourceFormat, String format, IntConsumer progress) {
        Names.pool(pool);
        Names.volume(name);
        String targetFormat = Names.volumeFormat(format);
        String givenFormat = Names.importFormat(sourceFormat);
        if (!localFiles) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "importing an image needs the pool's directory on this"
                            + " machine, and " + uri
                            + " is not a local libvirt URI (import works with qemu:///system or"
                            + " qemu:///session when Strata runs on the libvirt host itself)");
        }
        Path source = source(sourcePath);
        Path dir = libvirt("prepare the import into pool '" + pool + "'", () -> {
            StoragePool p = dirPool(pool);
            requireFree(p, pool, name);
            return Path.of(StorageXml.text(StorageXml.parse(p.getXMLDesc(0)), "/pool/target/path"));
        });
        if (!dir.isAbsolute() || !Files.isDirectory(dir)) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "pool '" + pool + "' keeps its volumes in " + dir + ", which is not a directory on this machine");
        }
        ImageInfo image = qemuImg.info(source, givenFormat);
        String sourceFmt = givenFormat != null ? givenFormat : image.format();
        if (!Names.IMPORT_FORMATS.contains(sourceFmt)) {
            throw Names.invalid(
                    source + " is a '" + sourceFmt + "' image; supported: vmdk, vhdx, vpc (vhd), qcow2, raw");
        }
        requireAllowed(image);

        Path target = dir.resolve(name);
        // Creating the file first reserves the name against a concurrent import or create of the same volume.
        try {
            Files.createFile(
                    target, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new DriverException(Fault.CONFLICT, "pool '" + pool + "' already has a file named '" + name + "'");
        } catch (IOException | UnsupportedOperationException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot create " + target + ": " + Reasons.of(e), e);
        }
        boolean done = false;
        try {
            LOG.info("Importing {} image {} into {}/{} as {} on {}", sourceFmt, source, pool, name, targetFormat, uri);
            qemuImg.convert(source, sourceFmt, target, targetFormat, progress);
            VolumeInfo volume = refreshAndFind(pool, name);
            done = true;
            LOG.info("Imported {} into {}/{} ({} bytes)", source, pool, name, volume.capacityBytes());
            return volume;
        } finally {
            if (!done) {
                discard(pool, target);
            }
        }
    }

    @Override
    public void close() {
        Lock write = lock.writeLock();
        write.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            connect.close();
        } catch (LibvirtException e) {
            // Nothing to tell the caller: the connection is gone either way.
        } finally {
            write.unlock();
        }
    }

    /** The source must be an existing file named by an absolute path (qemu-img reads "host:..." as a protocol). */
    private Path source(String sourcePath) {
        if (sourcePath == null || sourcePath.isBlank()) {
            throw Names.invalid("an import needs the path of the image file");
        }
        Path path = Path.of(sourcePath);
        if (!path.isAbsolute()) {
            throw Names.invalid("the image's path must be absolute, not '" + sourcePath + "'");
        }
        if (!Files.isRegularFile(path)) {
            throw new DriverException(Fault.NOT_FOUND, "no image file at " + path + " on this machine");
        }
        if (!Files.isReadable(path)) {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot read " + path + ": permission denied");
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot read " + path + ": " + Reasons.of(e), e);
        }
        if (!allowed(real)) {
            throw Names.invalid(path + " is outside the directories images may be imported from " + importDirs);
        }
        return real;
    }

    /** Backing files and VMDK extents are read too: with an allow-list they must be inside it as well. */
    private void requireAllowed(ImageInfo image) {
        if (importDirs.isEmpty()) {
            return;
        }
        List<String> files = new ArrayList<>(image.extents());
        if (image.backingFile() != null) {
            files.add(image.backingFile());
        }
        for (String file : files) {
            Path p = Path.of(file);
            try {
                p = p.toRealPath();
            } catch (IOException e) {
                p = p.toAbsolutePath().normalize();
            }
            if (!allowed(p)) {
                throw Names.invalid("the image refers to " + file
                        + ", outside the directories images may be imported from " + importDirs);
            }
        }
    }

    private boolean allowed(Path real) {
        return importDirs.isEmpty() || importDirs.stream().anyMatch(real::startsWith);
    }

    /** libvirt learns of a file written behind its back only when the pool is refreshed. */
    private VolumeInfo refreshAndFind(String pool, String name) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REFRESH_DEADLINE_MILLIS);
        while (true) {
            try {
                return libvirt("register the imported volume '" + name + "' in pool '" + pool + "'", () -> {
                    StoragePool p = dirPool(pool);
                    p.refresh(0);
                    return info(pool, vol(p, pool, name));
                });
            } catch (DriverException e) {
                // A pool refuses a refresh while another volume of it is being built; that passes.
                boolean busy = e.getCause() instanceof LibvirtException l
                        && Faults.message(l).toLowerCase(Locale.ROOT).contains("asynchronous jobs");
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(Fault.DRIVER_FAILURE, "interrupted while waiting for the pool to refresh", e);
        }
    }

    private void discard(String pool, Path target) {
        try {
            Files.deleteIfExists(target);
        } catch (IOException e) {
            LOG.warn("Could not remove the unfinished import {}: {}", target, e.getMessage());
        }
        // In case a refresh by someone else saw the partial file, libvirt must forget it again.
        try {
            libvirt("refresh pool '" + pool + "'", () -> {
                dirPool(pool).refresh(0);
                return null;
            });
        } catch (DriverException e) {
            LOG.debug("Pool {} not refreshed after a failed import: {}", pool, e.getMessage());
        }
    }

    private static final String ISCSI_DIRECT = "iscsi-direct";

    private static boolean listed(String type) {
        return "dir".equals(type) || ISCSI_DIRECT.equals(type);
    }

    /** A pool whose volumes may be read: a dir pool, or an iscsi-direct pool (what the host sees of a SAN target). */
    private StoragePool readablePool(String name) throws LibvirtException {
        StoragePool pool = lookup(name);
        String type = type(pool);
        if (!listed(type)) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "storage pool '" + name + "' is of type '" + type + "'; the " + LibvirtDirStorageDriver.ID
                            + " driver manages dir pools and lists iscsi-direct ones");
        }
        requireActive(pool, name);
        return pool;
    }

    private StoragePool lookup(String name) throws LibvirtException {
        try {
            return connect.storagePoolLookupByName(name);
        } catch (LibvirtException e) {
            if (code(e) == ErrorNumber.VIR_ERR_NO_STORAGE_POOL) {
                throw new DriverException(Fault.NOT_FOUND, "no storage pool '" + name + "' on " + uri);
            }
            throw e;
        }
    }

    private static void requireActive(StoragePool pool, String name) throws LibvirtException {
        if (pool.isActive() != 1) {
            throw new DriverException(
                    Fault.CONFLICT,
                    "storage pool '" + name + "' is not active (start it with" + " 'virsh pool-start " + name + "')");
        }
    }

    private StoragePool dirPool(String name) throws LibvirtException {
        StoragePool pool = lookup(name);
        String type = type(pool);
        if (ISCSI_DIRECT.equals(type)) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "storage pool '" + name + "' is a SAN target this host sees (iscsi-direct): its LUNs are made,"
                            + " grown, copied and deleted by the iscsi driver on the target, not through the host");
        }
        if (!"dir".equals(type)) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "storage pool '" + name + "' is of type '" + type + "'; the " + LibvirtDirStorageDriver.ID
                            + " driver manages dir pools only");
        }
        requireActive(pool, name);
        return pool;
    }

    private static StorageVol vol(StoragePool pool, String poolName, String name) throws LibvirtException {
        try {
            return pool.storageVolLookupByName(name);
        } catch (LibvirtException e) {
            if (code(e) == ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                throw new DriverException(Fault.NOT_FOUND, "no volume '" + name + "' in pool '" + poolName + "'");
            }
            throw e;
        }
    }

    private static void requireFree(StoragePool pool, String poolName, String name) throws LibvirtException {
        try {
            pool.storageVolLookupByName(name);
        } catch (LibvirtException e) {
            if (code(e) == ErrorNumber.VIR_ERR_NO_STORAGE_VOL) {
                return;
            }
            throw e;
        }
        throw new DriverException(Fault.CONFLICT, "pool '" + poolName + "' already has a volume named '" + name + "'");
    }

    private static String type(StoragePool pool) throws LibvirtException {
        return StorageXml.text(StorageXml.parse(pool.getXMLDesc(0)), "/pool/@type");
    }

    private static VolumeInfo info(String pool, StorageVol vol) throws LibvirtException {
        StorageVolInfo info = vol.getInfo();
        Document xml = StorageXml.parse(vol.getXMLDesc(0));
        String format = StorageXml.text(xml, "/volume/target/format/@type");
        String path = vol.getPath();
        return new VolumeInfo(
                pool,
                vol.getName(),
                info.capacity,
                info.allocation,
                format.isEmpty() ? "raw" : format,
                path,
                backing(path, StorageXml.text(xml, "/volume/backingStore/path")));
    }

    /**
     * A dir pool is one directory: a backing file beside the volume is the volume of that name. One elsewhere is not
     * a volume of the pool, and is told by its path.
     */
    static String backing(String path, String backingPath) {
        if (backingPath == null || backingPath.isEmpty()) {
            return null;
        }
        Path own = Path.of(path);
        Path base = own.resolveSibling(backingPath).normalize();
        return base.getParent() != null && base.getParent().equals(own.getParent())
                ? base.getFileName().toString()
                : backingPath;
    }

    private static ErrorNumber code(LibvirtException e) {
        return e.getError() == null ? ErrorNumber.VIR_ERR_UNKNOWN : e.getError().getCode();
    }

    /** Runs libvirt calls under the read lock, turning libvirt's errors into faults. */
    private <T> T libvirt(String what, LibvirtCall<T> call) {
        Lock read = lock.readLock();
        read.lock();
        try {
            if (closed) {
                throw new DriverException(
                        Fault.UNREACHABLE, "cannot " + what + ": the session with " + uri + " is closed");
            }
            return call.run();
        } catch (LibvirtException e) {
            throw Faults.of(what, e);
        } finally {
            read.unlock();
        }
    }

    @FunctionalInterface
    private interface LibvirtCall<T> {
        T run() throws LibvirtException;
    }
}
