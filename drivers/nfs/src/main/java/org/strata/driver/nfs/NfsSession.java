package org.strata.driver.nfs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;
import org.strata.spi.storage.PoolInfo;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;
import org.strata.spi.storage.VolumeSnapshotInfo;

/**
 * One NFS export: its sub-directories are the pools, the image files in them the volumes.
 *
 * <p>Metadata (list, attributes, free space, reserving and removing names) goes through the driver's NFSv3 client,
 * one short TCP connection per operation, so calls from several threads never share a connection. Image data is
 * written only by qemu-img over {@code nfs://} URLs, the same way QEMU will read it.
 */
final class NfsSession implements StorageSession {

    private static final Logger LOG = LoggerFactory.getLogger(NfsSession.class);

    /** qcow2's magic, "QFI\xfb": the one format besides raw that this driver makes. */
    private static final int QCOW2_MAGIC = 0x514649fb;
    /** The fields of a qcow2 header read here end at byte 80 (incompatible features, version 3). */
    private static final int QCOW2_HEADER = 80;
    /** qcow2's incompatible feature bit 2: the guest's data is in another file, named in a header extension. */
    private static final long QCOW2_EXTERNAL_DATA_FILE = 1L << 2;

    private final NfsAddress address;
    /** Where the NFS service is; looked up again when it stops answering there (a server restarted on a new port). */
    private volatile InetSocketAddress nfsd;

    private final byte[] root;
    private final RpcConnection.Credentials as;
    private final Duration timeout;
    private final QemuImg qemuImg;
    private final List<Path> importDirs;
    /** The driver's, shared by its sessions: qemu-img takes a snapshot name twice, so checking and taking is one step. */
    private final Object snapshotLock;

    private volatile boolean closed;

    NfsSession(
            NfsAddress address,
            InetSocketAddress nfsd,
            byte[] root,
            RpcConnection.Credentials as,
            Duration timeout,
            QemuImg qemuImg,
            List<Path> importDirs,
            Object snapshotLock) {
        this.address = address;
        this.snapshotLock = snapshotLock;
        this.nfsd = nfsd;
        this.root = root.clone();
        this.as = as;
        this.timeout = timeout;
        this.qemuImg = qemuImg;
        this.importDirs = List.copyOf(importDirs);
    }

    @Override
    public List<String> pools() {
        return nfs(
                "list the pools of " + address,
                nfs -> poolEntries(nfs).stream().map(Nfs3.Entry::name).toList());
    }

    /** Each pool with the size and free space of the file system it is on, as FSSTAT says for this user. */
    @Override
    public List<PoolInfo> poolInfo() {
        return nfs("read the pools of " + address, nfs -> {
            List<PoolInfo> pools = new ArrayList<>();
            for (Nfs3.Entry pool : poolEntries(nfs)) {
                Nfs3.FsStat stat = nfs.fsstat(handle(nfs, root, pool));
                pools.add(new PoolInfo(
                        pool.name(), stat.totalBytes(), Math.min(stat.availableBytes(), stat.totalBytes())));
            }
            return pools;
        });
    }

    @Override
    public List<VolumeInfo> volumes(String pool) {
        Names.pool(pool);
        return nfs("list the volumes of pool '" + pool + "'", nfs -> {
            byte[] dir = pool(nfs, pool);
            List<VolumeInfo> volumes = new ArrayList<>();
            for (Nfs3.Entry entry : nfs.list(dir)) {
                if (!Names.acceptable(entry.name())) {
                    continue; // not a name this driver makes or takes (a hidden file, a tool's temporary copy)
                }
                try {
                    Nfs3.Entry file = entry.handle() != null && entry.attributes() != null
                            ? entry
                            : nfs.lookup(dir, entry.name());
                    if (file.attributes().type() == Nfs3.TYPE_REGULAR) {
                        volumes.add(info(nfs, pool, file));
                    }
                } catch (Nfs3.StatusException e) {
                    // Removed between the listing and the lookup: it is no longer there to report.
                    if (e.status() != Nfs3.ERR_NOENT && e.status() != Nfs3.ERR_STALE) {
                        throw e;
                    }
                }
            }
            volumes.sort(Comparator.comparing(VolumeInfo::name));
            return volumes;
        });
    }

    @Override
    public VolumeInfo volume(String pool, String name) {
        Names.pool(pool);
        Names.volume(name);
        return nfs("read volume '" + name + "' of pool '" + pool + "'", nfs -> info(nfs, pool, file(nfs, pool, name)));
    }

    @Override
    public VolumeInfo createVolume(String pool, String name, long capacityBytes, String format) {
        Names.pool(pool);
        Names.volume(name);
        Names.capacity(capacityBytes);
        String f = Names.volumeFormat(format);
        reserve(pool, name);
        String url = address.volumeUrl(pool, name);
        try {
            qemuImg.create(url, f, capacityBytes);
        } catch (RuntimeException e) {
            release(pool, name);
            throw e;
        }
        LOG.info("Created {} volume {} of {} bytes", f, url, capacityBytes);
        return volume(pool, name);
    }

    @Override
    public void deleteVolume(String pool, String name) {
        Names.pool(pool);
        Names.volume(name);
        nfs("delete volume '" + name + "' from pool '" + pool + "'", nfs -> {
            byte[] dir = pool(nfs, pool);
            file(nfs, dir, pool, name);
            // A linked volume reads its unwritten blocks from this file: removing it would break every one of them.
            List<String> linked = volumes(pool).stream()
                    .filter(v -> name.equals(v.backing()))
                    .map(VolumeInfo::name)
                    .toList();
            if (!linked.isEmpty()) {
                throw new DriverException(
                        Fault.CONFLICT,
                        "volume '" + name + "' is the base of the linked volumes " + linked + ": delete them first");
            }
            nfs.remove(dir, name);
            return null;
        });
        LOG.info("Deleted volume {}", address.volumeUrl(pool, name));
    }

    /** A full copy in the source's format, by qemu-img convert: the clone shares nothing with its source. */
    @Override
    public VolumeInfo cloneVolume(String pool, String source, String newName) {
        return cloneVolume(pool, source, newName, null);
    }

    /** As {@link #cloneVolume(String, String, String)}, with qemu-img's own percentage ({@code convert -p}). */
    @Override
    public VolumeInfo cloneVolume(String pool, String source, String newName, IntConsumer progress) {
        Names.pool(pool);
        Names.volume(source);
        Names.volume(newName);
        VolumeInfo from = standAlone(pool, source, "clone");
        reserve(pool, newName);
        try {
            qemuImg.convert(from.path(), from.format(), address.volumeUrl(pool, newName), from.format(), progress);
        } catch (RuntimeException e) {
            release(pool, newName);
            throw e;
        }
        LOG.info("Cloned volume {} to {}", from.path(), address.volumeUrl(pool, newName));
        return volume(pool, newName);
    }

    /**
     * A qcow2 overlay of a volume that stands alone, by {@code qemu-img create -b}. Its header names the base by its
     * whole nfs:// URL (see {@link QemuImg#createLinked}), so the chain holds for whoever opens the overlay by its
     * URL, and breaks if the export is reached by another address later ({@code qemu-img rebase -u} mends it).
     */
    @Override
    public VolumeInfo createLinkedVolume(String pool, String backing, String name) {
        Names.pool(pool);
        Names.volume(backing);
        Names.volume(name);
        VolumeInfo base = standAlone(pool, backing, "link to");
        reserve(pool, name);
        String url = address.volumeUrl(pool, name);
        try {
            qemuImg.createLinked(url, base.path(), base.format(), base.capacityBytes());
        } catch (RuntimeException e) {
            release(pool, name);
            throw e;
        }
        LOG.info("Created linked volume {} on {}", url, base.path());
        return volume(pool, name);
    }

    /** qcow2 internal snapshots, read with {@code qemu-img info}; their space is not told apart, so sizes are -1. */
    @Override
    public List<VolumeSnapshotInfo> volumeSnapshots(String pool, String volume) {
        String url = snapshotUrl(pool, volume);
        return qemuImg.snapshots(url).stream()
                .map(s -> new VolumeSnapshotInfo(pool, volume, s.name(), s.created(), -1))
                .toList();
    }

    /**
     * qemu-img writes the snapshot into the file itself. Nothing over NFS tells whether a VM has the file open
     * (libnfs takes no locks): the platform must only snapshot a volume no running VM writes.
     */
    @Override
    public VolumeSnapshotInfo snapshotVolume(String pool, String volume, String snapshot) {
        Names.snapshot(snapshot);
        String url = snapshotUrl(pool, volume);
        synchronized (snapshotLock) {
            if (findSnapshot(url, snapshot) != null) {
                throw new DriverException(
                        Fault.CONFLICT, "volume '" + volume + "' already has a snapshot named '" + snapshot + "'");
            }
            qemuImg.snapshot("-c", snapshot, address.server(), path(pool, volume));
            QemuImg.Snapshot taken = findSnapshot(url, snapshot);
            LOG.info("Took snapshot {} of {}", snapshot, url);
            return new VolumeSnapshotInfo(pool, volume, snapshot, taken == null ? null : taken.created(), -1);
        }
    }

    @Override
    public void revertVolume(String pool, String volume, String snapshot) {
        Names.snapshot(snapshot);
        String url = snapshotUrl(pool, volume);
        synchronized (snapshotLock) {
            requireSnapshot(url, volume, snapshot);
            qemuImg.snapshot("-a", snapshot, address.server(), path(pool, volume));
        }
        LOG.info("Reverted {} to snapshot {}", url, snapshot);
    }

    @Override
    public void deleteVolumeSnapshot(String pool, String volume, String snapshot) {
        Names.snapshot(snapshot);
        String url = snapshotUrl(pool, volume);
        synchronized (snapshotLock) {
            requireSnapshot(url, volume, snapshot);
            qemuImg.snapshot("-d", snapshot, address.server(), path(pool, volume));
        }
        LOG.info("Deleted snapshot {} of {}", snapshot, url);
    }

    /**
     * The URL of a qcow2 volume that qemu-img may open: one that stands alone, or a linked volume whose base is a
     * volume of the same pool ({@code qemu-img snapshot} opens the base too, reading no data from it). A header naming
     * any other file is refused, as in {@link #standAlone}.
     */
    private String snapshotUrl(String pool, String volume) {
        Names.pool(pool);
        Names.volume(volume);
        Image image = nfs(
                "read volume '" + volume + "' of pool '" + pool + "'",
                nfs -> image(nfs, pool, file(nfs, pool, volume)));
        if (!"qcow2".equals(image.volume().format())) {
            throw new DriverException(
                    Fault.CONFLICT,
                    "volume '" + volume + "' is " + image.volume().format() + ": "
                            + image.volume().format() + " volumes hold no snapshots (qcow2 volumes do)");
        }
        if (image.externalData() || (image.backingFile() != null && !image.linkedInPool())) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "cannot snapshot volume '" + volume + "': its qcow2 header names "
                            + (image.externalData() ? "an external data file" : "a backing file outside its pool")
                            + ", and this driver opens no such image");
        }
        return image.volume().path();
    }

    /** The volume's path on the server, as QEMU's NFS driver takes it. */
    private String path(String pool, String volume) {
        return address.directory() + "/" + pool + "/" + volume;
    }

    private QemuImg.Snapshot findSnapshot(String url, String snapshot) {
        return qemuImg.snapshots(url).stream()
                .filter(s -> s.name().equals(snapshot))
                .findFirst()
                .orElse(null);
    }

    private void requireSnapshot(String url, String volume, String snapshot) {
        if (findSnapshot(url, snapshot) == null) {
            throw new DriverException(
                    Fault.NOT_FOUND, "volume '" + volume + "' has no snapshot named '" + snapshot + "'");
        }
    }

    @Override
    public VolumeInfo resizeVolume(String pool, String name, long capacityBytes) {
        Names.pool(pool);
        Names.volume(name);
        Names.capacity(capacityBytes);
        VolumeInfo v = standAlone(pool, name, "resize");
        if (capacityBytes < v.capacityBytes()) {
            // Shrinking cuts off whatever the guest keeps at the end of its disk: refused, not attempted.
            throw new DriverException(
                    Fault.CONFLICT,
                    "volume '" + name + "' has " + v.capacityBytes() + " bytes; shrinking it to " + capacityBytes
                            + " bytes is refused (volumes only grow)");
        }
        if (capacityBytes == v.capacityBytes()) {
            return v;
        }
        qemuImg.resize(v.path(), v.format(), capacityBytes);
        LOG.info("Resized volume {} from {} to {} bytes", v.path(), v.capacityBytes(), capacityBytes);
        return volume(pool, name);
    }

    /**
     * Converts an image file on the machine Strata runs on into a new volume on the export. The file must be in one
     * of the allowed import directories: an import copies a file the platform's user can read into a disk that a
     * VM, and so its owner, can read.
     */
    @Override
    public VolumeInfo importVolume(
            String pool, String name, String sourcePath, String sourceFormat, String format, IntConsumer progress) {
        Names.pool(pool);
        Names.volume(name);
        String target = Names.volumeFormat(format);
        String given = Names.importFormat(sourceFormat);
        Path source = allowedSource(sourcePath);
        QemuImg.Image image = qemuImg.inspect(source.toString());
        // A qcow2 overlay names its backing file, a VMDK descriptor its extents: qemu-img reads them too.
        for (String file : image.referencedFiles()) {
            Path p = Path.of(file);
            try {
                p = source.resolveSibling(p).toRealPath();
            } catch (IOException e) {
                p = source.resolveSibling(p).toAbsolutePath().normalize();
            }
            if (!allowed(p)) {
                throw NfsAddress.invalid("the image refers to " + file
                        + ", outside the directories images may be imported from " + importDirs);
            }
        }
        String detected = given != null ? given : image.format();
        if (!Names.IMPORT_FORMATS.contains(detected)) {
            throw NfsAddress.invalid("cannot import " + source + ": its format is " + detected
                    + "; supported: vmdk, vhdx, vpc (vhd), qcow2, raw");
        }
        reserve(pool, name);
        try {
            qemuImg.convert(source.toString(), detected, address.volumeUrl(pool, name), target, progress);
        } catch (RuntimeException e) {
            release(pool, name);
            throw e;
        }
        LOG.info("Imported {} ({}) into {}", source, detected, address.volumeUrl(pool, name));
        return volume(pool, name);
    }

    @Override
    public void close() {
        closed = true;
    }

    // ---- the export's directories and files

    private List<Nfs3.Entry> poolEntries(Nfs3 nfs) throws IOException {
        List<Nfs3.Entry> pools = new ArrayList<>();
        for (Nfs3.Entry e : nfs.list(root)) {
            if (Names.acceptable(e.name())) {
                Nfs3.Attributes a = e.attributes() != null
                        ? e.attributes()
                        : nfs.lookup(root, e.name()).attributes();
                if (a.type() == Nfs3.TYPE_DIRECTORY) {
                    pools.add(e);
                }
            }
        }
        pools.sort(Comparator.comparing(Nfs3.Entry::name));
        return pools;
    }

    private static byte[] handle(Nfs3 nfs, byte[] dir, Nfs3.Entry entry) throws IOException {
        return entry.handle() != null
                ? entry.handle()
                : nfs.lookup(dir, entry.name()).handle();
    }

    private byte[] pool(Nfs3 nfs, String pool) throws IOException {
        try {
            Nfs3.Entry dir = nfs.lookup(root, pool);
            if (dir.attributes().type() == Nfs3.TYPE_DIRECTORY) {
                return dir.handle();
            }
        } catch (Nfs3.StatusException e) {
            if (e.status() != Nfs3.ERR_NOENT) {
                throw e;
            }
        }
        throw new DriverException(Fault.NOT_FOUND, "no pool '" + pool + "' (a directory) in " + address);
    }

    private Nfs3.Entry file(Nfs3 nfs, String pool, String name) throws IOException {
        return file(nfs, pool(nfs, pool), pool, name);
    }

    private Nfs3.Entry file(Nfs3 nfs, byte[] dir, String pool, String name) throws IOException {
        try {
            Nfs3.Entry file = nfs.lookup(dir, name);
            if (file.attributes().type() == Nfs3.TYPE_REGULAR) {
                return file;
            }
        } catch (Nfs3.StatusException e) {
            if (e.status() != Nfs3.ERR_NOENT) {
                throw e;
            }
        }
        throw new DriverException(Fault.NOT_FOUND, "no volume '" + name + "' in pool '" + pool + "'");
    }

    /**
     * The volume as its first bytes say: qcow2 by its header (whose virtual size is at offset 24), raw otherwise,
     * with the file's size. Reading the header over the open connection costs far less than a qemu-img process per
     * file in a listing.
     */
    private VolumeInfo info(Nfs3 nfs, String pool, Nfs3.Entry file) throws IOException {
        return image(nfs, pool, file).volume();
    }

    /**
     * A volume and what its qcow2 header says besides (see {@link #standAlone}).
     *
     * @param backingFile the backing file its header names, as written there, or null
     */
    private record Image(VolumeInfo volume, String backingFile, boolean externalData) {

        /** Whether its backing file is a volume of the same pool, which qemu-img may open with it. */
        boolean linkedInPool() {
            return backingFile != null
                    && volume.backing() != null
                    && !volume.backing().equals(backingFile);
        }
    }

    /** qcow2 caps a backing file name at 1023 bytes. */
    private static final int MAX_BACKING_NAME = 1023;

    private Image image(Nfs3 nfs, String pool, Nfs3.Entry file) throws IOException {
        Nfs3.Attributes a = file.attributes();
        String url = address.volumeUrl(pool, file.name());
        if (a.size() >= QCOW2_HEADER) {
            ByteBuffer h = ByteBuffer.wrap(nfs.read(file.handle(), 0, QCOW2_HEADER));
            if (h.remaining() >= QCOW2_HEADER && h.getInt(0) == QCOW2_MAGIC) {
                int version = h.getInt(4);
                long backingOffset = h.getLong(8);
                int backingSize = h.getInt(16);
                String backing = null;
                if (backingOffset != 0 && backingSize != 0) {
                    byte[] bytes = nfs.read(
                            file.handle(), backingOffset, Math.min(Math.max(backingSize, 0), MAX_BACKING_NAME));
                    backing = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                }
                boolean external = version >= 3 && (h.getLong(72) & QCOW2_EXTERNAL_DATA_FILE) != 0;
                return new Image(
                        new VolumeInfo(
                                pool, file.name(), h.getLong(24), a.used(), "qcow2", url, backingName(pool, backing)),
                        backing,
                        external);
            }
        }
        return new Image(new VolumeInfo(pool, file.name(), a.size(), a.used(), "raw", url), null, false);
    }

    /**
     * The volume a backing file is, when it is one of the same pool as this driver writes it (the base's nfs:// URL);
     * otherwise the name as the header has it, so that a volume is never shown as standing alone when it does not.
     */
    private String backingName(String pool, String backing) {
        if (backing == null) {
            return null;
        }
        String prefix = address.volumeUrl(pool, "");
        if (backing.startsWith(prefix)) {
            String name = backing.substring(prefix.length());
            if (Names.acceptable(name)) {
                return name;
            }
        }
        return backing;
    }

    /**
     * The volume, if qemu-img may open it with no file but its own. The format is read from the file, and a raw
     * volume's first bytes are its guest's: a guest that writes a qcow2 header naming a backing file ("/etc/shadow")
     * or an external data file would otherwise have qemu-img, run by Strata, read that file into a clone. This
     * driver makes neither (its clones are full copies), so such an image is refused, not opened.
     */
    private VolumeInfo standAlone(String pool, String name, String what) {
        Image image = nfs(
                "read volume '" + name + "' of pool '" + pool + "'", nfs -> image(nfs, pool, file(nfs, pool, name)));
        if (image.backingFile() != null || image.externalData()) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "cannot " + what + " volume '" + name + "': its qcow2 header names "
                            + (image.backingFile() != null ? "a backing file" : "an external data file")
                            + ", and this driver opens only images that stand alone (it never makes such images; a"
                            + " raw disk whose guest wrote a qcow2 header looks like one)");
        }
        return image.volume();
    }

    /** Takes a name for a new volume, or fails with CONFLICT: two callers cannot both go on to write one name. */
    private void reserve(String pool, String name) {
        nfs("create volume '" + name + "' in pool '" + pool + "'", nfs -> {
            byte[] dir = pool(nfs, pool);
            try {
                nfs.createGuarded(dir, name, 0600);
            } catch (Nfs3.StatusException e) {
                if (e.status() == Nfs3.ERR_EXIST) {
                    throw new DriverException(
                            Fault.CONFLICT, "pool '" + pool + "' already has a volume or file named '" + name + "'");
                }
                throw e;
            }
            return null;
        });
    }

    /** Removes what a failed create, clone or import left; a failure here must not hide the first one. */
    private void release(String pool, String name) {
        try {
            nfs("remove the unfinished volume '" + name + "'", nfs -> {
                nfs.remove(pool(nfs, pool), name);
                return null;
            });
        } catch (DriverException e) {
            LOG.warn("Could not remove the unfinished volume {}: {}", address.volumeUrl(pool, name), e.getMessage());
        }
    }

    private Path allowedSource(String sourcePath) {
        if (sourcePath == null || sourcePath.isBlank()) {
            throw NfsAddress.invalid("an import needs the path of an image file");
        }
        Path source = Path.of(sourcePath);
        if (!source.isAbsolute()) {
            // qemu-img would read "host:..." or "nfs:..." as a protocol, not as a file.
            throw NfsAddress.invalid("the image to import must be an absolute path, not '" + sourcePath + "'");
        }
        if (!Files.isRegularFile(source)) {
            throw new DriverException(Fault.NOT_FOUND, "no image file at " + source + " on this machine");
        }
        Path real;
        try {
            // The real path: a link inside an allowed directory must not lead out of it.
            real = source.toRealPath();
        } catch (IOException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot read " + source + ": " + Reasons.of(e), e);
        }
        if (!allowed(real)) {
            throw NfsAddress.invalid(source + " is outside the directories images may be imported from " + importDirs);
        }
        return real;
    }

    private boolean allowed(Path real) {
        return importDirs.isEmpty() || importDirs.stream().anyMatch(real::startsWith);
    }

    // ---- calls

    private interface Call<T> {
        T run(Nfs3 nfs) throws IOException;
    }

    private <T> T nfs(String what, Call<T> call) {
        if (closed) {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot " + what + ": the session was closed");
        }
        try (Nfs3 nfs = connect()) {
            return call.run(nfs);
        } catch (Nfs3.StatusException e) {
            throw new DriverException(
                    fault(e.status()), "cannot " + what + " on " + address + ": " + e.getMessage(), e);
        } catch (RpcConnection.RpcException e) {
            Fault fault = e.kind() == RpcConnection.RpcException.Kind.AUTH
                    ? Fault.AUTHENTICATION_FAILED
                    : Fault.DRIVER_FAILURE;
            throw new DriverException(fault, "cannot " + what + " on " + address + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DriverException(
                    Fault.UNREACHABLE,
                    "cannot " + what + ": the NFS server " + address.server() + " did not answer: "
                            + Reasons.of(e, timeout),
                    e);
        } catch (Xdr.ProtocolException e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "cannot " + what + " on " + address + ": " + e.getMessage(), e);
        }
    }

    private Nfs3 connect() throws IOException {
        try {
            return Nfs3.connect(nfsd, as, timeout);
        } catch (java.net.ConnectException refused) {
            int port = Nfs3.port(address.server(), Nfs3.NFS, 3, as, timeout);
            if (port == 0 || port == nfsd.getPort()) {
                throw refused;
            }
            LOG.info("The NFS service of {} moved from port {} to {}", address.server(), nfsd.getPort(), port);
            nfsd = new InetSocketAddress(address.server(), port);
            return Nfs3.connect(nfsd, as, timeout);
        }
    }

    private static Fault fault(int status) {
        return switch (status) {
            case Nfs3.ERR_NOENT -> Fault.NOT_FOUND;
            case Nfs3.ERR_EXIST, 66 -> Fault.CONFLICT;
            default -> Fault.DRIVER_FAILURE;
        };
    }
}
