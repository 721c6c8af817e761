package org.strata.driver.iscsi;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;
import org.strata.spi.Secret;
import org.strata.spi.storage.PoolInfo;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;
import org.strata.spi.storage.VolumeSnapshotInfo;

/**
 * One tgtd on this machine, its targets as pools and their file-backed LUNs as volumes.
 *
 * <p>A volume is a raw file {@code DIR/IQN/NAME} served as one LUN of the target: tgtd itself is the record of which
 * LUN a volume is (its "Backing store path"), the file's name is the volume's name. Nothing else is kept: no
 * database to drift from tgtd's state. LUNs whose file is elsewhere were not made by Strata and are not listed.
 *
 * <p>Thread safety: reading runs concurrently. A new file is reserved atomically by its name ({@code CREATE_NEW}),
 * so two creations of one name cannot both succeed; choosing a LUN number and adding it is done under the driver's
 * lock, shared by all its sessions, because tgtd has no "next free LUN" of its own. Copies run outside the lock.
 */
final class IscsiSession implements StorageSession {

    private static final Logger LOG = LoggerFactory.getLogger(IscsiSession.class);
    private static final long COPY_TIMEOUT_SECONDS = 6 * 3600;
    private static final long STAT_TIMEOUT_SECONDS = 30;

    private final IscsiAddress address;
    private final Tgtadm tgtadm;
    private final Lock lock;
    private final String cp;
    /** The CHAP password of {@code address.chap()}; none without CHAP. */
    private final Secret chapSecret;

    IscsiSession(IscsiAddress address, Tgtadm tgtadm, Lock lock, String cp, Secret chapSecret) {
        this.address = address;
        this.tgtadm = tgtadm;
        this.lock = lock;
        this.cp = cp;
        this.chapSecret = chapSecret == null ? Secret.none() : chapSecret;
    }

    /** Checks that tgtd answers and listens on the address's portal, and makes the pools it names. */
    void prepare() {
        List<Tgtadm.Portal> portals = tgtadm.portals();
        if (portals.stream().noneMatch(this::isOurPortal)) {
            throw Names.invalid("tgtd on this control port does not listen on " + address.portal() + "; its portals: "
                    + portals.stream().map(p -> p.host() + ":" + p.port()).toList());
        }
        if (address.pools().isEmpty()) {
            requireChap();
            return;
        }
        lock.lock();
        try {
            List<Tgtadm.Target> targets = tgtadm.targets();
            for (String pool : address.pools()) {
                Optional<Tgtadm.Target> found =
                        targets.stream().filter(t -> t.iqn().equals(pool)).findFirst();
                if (found.isEmpty()) {
                    int tid =
                            targets.stream().mapToInt(Tgtadm.Target::tid).max().orElse(0) + 1;
                    tgtadm.newTarget(tid, pool);
                    List<String> open = address.initiators().isEmpty() ? List.of("ALL") : address.initiators();
                    for (String initiator : open) {
                        tgtadm.bind(tid, initiator);
                    }
                    persist(pool);
                    LOG.info("Created target {} (tid {}) on {}, open to {}", pool, tid, address.shown(), open);
                    targets = tgtadm.targets();
                } else {
                    List<String> missing = address.initiators().stream()
                            .filter(i -> !found.get().acl().contains(i))
                            .toList();
                    for (String initiator : missing) {
                        tgtadm.bind(found.get().tid(), initiator);
                    }
                    if (!missing.isEmpty()) {
                        persist(pool);
                        LOG.info("Target {} on {} is now open to {} as well", pool, address.shown(), missing);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        requireChap();
    }

    /**
     * With {@code chap=USER}: tgtd has the account (made with the endpoint's secret when missing) and every pool of
     * the address asks for it. An existing account keeps its password: tgt cannot show or compare it, and deleting it
     * to set it again would unbind it from every target, leaving them open without CHAP for a moment. So a new
     * password is set by deleting the account by hand ({@code tgtadm --mode account --op delete --user USER}); the
     * next session makes it again and binds it to its pools. Only ever adds: an account bound to a pool is never
     * unbound here (that would open the pool to initiators without credentials).
     */
    private void requireChap() {
        String user = address.chap();
        if (user == null) {
            return;
        }
        lock.lock();
        try {
            if (!tgtadm.accounts().contains(user)) {
                tgtadm.newAccount(user, chapSecret);
                LOG.info("Created CHAP account {} on {}", user, address.shown());
            }
            List<String> pools = pools();
            for (Tgtadm.Target t : tgtadm.targets()) {
                if (pools.contains(t.iqn()) && !t.accounts().contains(user)) {
                    tgtadm.bindAccount(t.tid(), user);
                    persist(t.iqn());
                    LOG.info("Target {} on {} now asks initiators for CHAP user {}", t.iqn(), address.shown(), user);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean isOurPortal(Tgtadm.Portal p) {
        if (p.port() != address.portalPort()) {
            return false;
        }
        String host = p.host().replace("[", "").replace("]", "");
        String ours = address.portalHost().replace("[", "").replace("]", "");
        boolean literal = ours.matches("[0-9.]+") || ours.contains(":");
        // A name cannot be compared with tgtd's addresses without resolving it: the port decides then.
        return !literal || host.equals(ours) || host.equals("0.0.0.0") || host.equals("::");
    }

    @Override
    public List<String> pools() {
        List<Tgtadm.Target> targets = tgtadm.targets();
        if (!address.pools().isEmpty()) {
            return address.pools().stream()
                    .filter(p -> targets.stream().anyMatch(t -> t.iqn().equals(p)))
                    .toList();
        }
        return targets.stream().map(Tgtadm.Target::iqn).sorted().toList();
    }

    /** The file system of the backing directory: every pool's files share it. */
    @Override
    public List<PoolInfo> poolInfo() {
        List<String> pools = pools();
        long capacity = -1;
        long free = -1;
        try {
            Path dir = existing(address.dir());
            FileStore store = Files.getFileStore(dir);
            capacity = store.getTotalSpace();
            free = Math.min(store.getUsableSpace(), capacity);
        } catch (IOException e) {
            LOG.debug("No sizes for {}: {}", address.dir(), e.getMessage());
        }
        List<PoolInfo> infos = new ArrayList<>();
        for (String pool : pools) {
            infos.add(new PoolInfo(pool, capacity, free));
        }
        return infos;
    }

    @Override
    public List<VolumeInfo> volumes(String pool) {
        Tgtadm.Target target = target(pool);
        List<Volume> volumes = volumes(target);
        Map<Path, Long> allocated =
                allocations(volumes.stream().map(Volume::file).toList());
        return volumes.stream()
                .map(v -> info(pool, v, allocated))
                .sorted(Comparator.comparing(VolumeInfo::name))
                .toList();
    }

    @Override
    public VolumeInfo volume(String pool, String name) {
        Volume v = find(target(pool), name).orElseThrow(() -> notFound(pool, name));
        return info(pool, v, allocations(List.of(v.file())));
    }

    @Override
    public VolumeInfo createVolume(String pool, String name, long capacityBytes, String format) {
        Names.volume(name);
        Names.capacity(capacityBytes);
        Names.volumeFormat(format);
        target(pool);
        Path file = reserve(pool, name);
        // Snapshots left by a volume of the same name deleted behind the driver's back are not this volume's.
        removeSnapshots(pool, name);
        boolean done = false;
        try {
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                // A sparse file: nothing is written, the blocks are allocated as the guest writes them.
                raf.setLength(capacityBytes);
            } catch (IOException e) {
                throw new DriverException(
                        Fault.DRIVER_FAILURE, "cannot make the backing file " + file + ": " + Reasons.of(e), e);
            }
            VolumeInfo v = addLun(pool, name, file);
            done = true;
            LOG.info("Created volume {}/{} ({} bytes) on {}", pool, name, capacityBytes, address.shown());
            return v;
        } finally {
            if (!done) {
                discard(file);
            }
        }
    }

    @Override
    public void deleteVolume(String pool, String name) {
        lock.lock();
        try {
            Tgtadm.Target target = target(pool);
            Volume v = find(target, name).orElseThrow(() -> notFound(pool, name));
            requireUnused(target, v, "deleted");
            tgtadm.deleteLun(target.tid(), v.lun());
            persist(pool);
            discard(v.file());
            removeSnapshots(pool, name);
            LOG.info("Deleted volume {}/{} (LUN {}) on {}", pool, name, v.lun(), address.shown());
        } finally {
            lock.unlock();
        }
    }

    /**
     * tgtd reads a backing file's size once, when the LUN is added, and {@code --op update} cannot change it (tgt
     * 1.0.85): the file grows, then the LUN is removed and added again under the same number, so its URL stays.
     * That would pull the disk from under an initiator using it, so a volume in use is not grown.
     */
    @Override
    public VolumeInfo resizeVolume(String pool, String name, long capacityBytes) {
        Names.capacity(capacityBytes);
        lock.lock();
        try {
            Tgtadm.Target target = target(pool);
            Volume v = find(target, name).orElseThrow(() -> notFound(pool, name));
            long current = size(v.file());
            if (capacityBytes < current) {
                throw new DriverException(
                        Fault.CONFLICT,
                        "volume '" + name + "' has " + current + " bytes; shrinking it to " + capacityBytes
                                + " bytes is refused (volumes only grow)");
            }
            if (capacityBytes > current) {
                requireUnused(target, v, "grown");
                try (RandomAccessFile raf = new RandomAccessFile(v.file().toFile(), "rw")) {
                    raf.setLength(capacityBytes);
                } catch (IOException e) {
                    throw new DriverException(
                            Fault.DRIVER_FAILURE, "cannot grow " + v.file() + ": " + Reasons.of(e), e);
                }
                tgtadm.deleteLun(target.tid(), v.lun());
                readd(target, v);
                LOG.info(
                        "Grew volume {}/{} from {} to {} bytes on {}",
                        pool,
                        name,
                        current,
                        capacityBytes,
                        address.shown());
            }
        } finally {
            lock.unlock();
        }
        return volume(pool, name);
    }

    /**
     * Adds a grown volume's LUN again. Should tgtd refuse, the file and the pool's tgt-admin file are untouched,
     * so the way back is said.
     */
    private void readd(Tgtadm.Target target, Volume v) {
        try {
            tgtadm.newLun(target.tid(), v.lun(), v.file().toString());
        } catch (DriverException first) {
            try {
                tgtadm.newLun(target.tid(), v.lun(), v.file().toString());
            } catch (DriverException e) {
                throw new DriverException(
                        Fault.DRIVER_FAILURE,
                        "volume '" + v.name() + "' was grown but tgtd did not take its LUN " + v.lun()
                                + " back (" + e.getMessage() + "); its file " + v.file()
                                + " is intact, and 'tgt-admin -e -c "
                                + address.dir().resolve(target.iqn() + ".conf")
                                + "' adds it again",
                        e);
            }
        }
    }

    /**
     * A copy of the backing file, holes kept as holes, served as a new LUN of the same target. A volume in use is not
     * copied: the copy would mix blocks from before and after the writes made while {@code cp} reads.
     */
    @Override
    public VolumeInfo cloneVolume(String pool, String source, String newName) {
        Names.volume(newName);
        Tgtadm.Target target = target(pool);
        Volume from = find(target, source).orElseThrow(() -> notFound(pool, source));
        requireUnused(target, from, "cloned");
        Path file = reserve(pool, newName);
        boolean done = false;
        try {
            Exec.Result copy = Exec.run(
                    List.of(cp, "--sparse=always", "--", from.file().toString(), file.toString()),
                    COPY_TIMEOUT_SECONDS,
                    "copy volume '" + source + "'",
                    "GNU coreutils' cp");
            if (copy.exit() != 0) {
                throw new DriverException(
                        Fault.DRIVER_FAILURE,
                        "cannot copy volume '" + source + "': " + copy.output().strip());
            }
            VolumeInfo v = addLun(pool, newName, file);
            done = true;
            LOG.info("Cloned volume {}/{} to {} on {}", pool, source, newName, address.shown());
            return v;
        } finally {
            if (!done) {
                discard(file);
            }
        }
    }

    /**
     * The copies in the volume's snapshot folder, oldest first. A copy's modification time is when it was written
     * (cp does not carry the volume's over), so it is the snapshot's time; its size is the blocks it takes.
     */
    @Override
    public List<VolumeSnapshotInfo> volumeSnapshots(String pool, String volume) {
        Tgtadm.Target target = target(pool);
        if (find(target, volume).isEmpty()) {
            throw notFound(pool, volume);
        }
        record Copy(String name, Path file, java.nio.file.attribute.FileTime written) {}
        List<Copy> copies = new ArrayList<>();
        Path dir = snapshotDir(pool, volume);
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    String name = f.getFileName().toString();
                    if (!name.startsWith(".") && Files.isRegularFile(f)) {
                        copies.add(new Copy(name, f, Files.getLastModifiedTime(f)));
                    }
                }
            } catch (IOException e) {
                throw new DriverException(Fault.DRIVER_FAILURE, "cannot read " + dir + ": " + Reasons.of(e), e);
            }
        }
        copies.sort(Comparator.comparing(Copy::written).thenComparing(Copy::name));
        Map<Path, Long> allocated = allocations(copies.stream().map(Copy::file).toList());
        return copies.stream()
                .map(c -> new VolumeSnapshotInfo(
                        pool, volume, c.name(), c.written().toInstant(), allocated.getOrDefault(c.file(), -1L)))
                .toList();
    }

    /**
     * A copy of the LUN's backing file in a folder of the driver's beside it, {@code DIR/IQN/.snapshots/VOLUME/NAME}
     * ({@code cp --reflink=auto}: shared blocks where the file system can, holes kept as holes). A volume in use is
     * not copied, as for a clone: the copy would mix blocks from before and after the writes made while cp reads.
     */
    @Override
    public VolumeSnapshotInfo snapshotVolume(String pool, String volume, String snapshot) {
        Names.snapshot(snapshot);
        Tgtadm.Target target = target(pool);
        Volume v = find(target, volume).orElseThrow(() -> notFound(pool, volume));
        requireUnused(target, v, "snapshotted");
        Path dir = snapshotDir(pool, volume);
        Path copy = dir.resolve(snapshot);
        try {
            Files.createDirectories(dir);
            Files.createFile(copy, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new DriverException(
                    Fault.CONFLICT, "volume '" + volume + "' already has a snapshot named '" + snapshot + "'");
        } catch (IOException | UnsupportedOperationException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot create " + copy + ": " + Reasons.of(e), e);
        }
        boolean done = false;
        try {
            copy(v.file(), copy, "snapshot volume '" + volume + "'");
            done = true;
        } finally {
            if (!done) {
                discard(copy);
            }
        }
        LOG.info("Took snapshot {} of volume {}/{} on {}", snapshot, pool, volume, address.shown());
        return volumeSnapshots(pool, volume).stream()
                .filter(s -> s.name().equals(snapshot))
                .findFirst()
                .orElseThrow(() -> new DriverException(
                        Fault.DRIVER_FAILURE, "snapshot '" + snapshot + "' of '" + volume + "' vanished"));
    }

    /**
     * Copies the snapshot back. No initiator may write meanwhile: a volume with a logged-in initiator is refused
     * ({@code CONFLICT}), and the LUN is taken off the target for the copy, under the driver's lock, so nobody can log
     * in to it and write half-way. The copy goes to a hidden file that then replaces the volume's in one rename, and
     * the LUN comes back under its number (so its URL) with the snapshot's size.
     */
    @Override
    public void revertVolume(String pool, String volume, String snapshot) {
        Names.snapshot(snapshot);
        lock.lock();
        try {
            Tgtadm.Target target = target(pool);
            Volume v = find(target, volume).orElseThrow(() -> notFound(pool, volume));
            Path copy = snapshotFile(pool, volume, snapshot);
            requireUnused(target, v, "reverted");
            Path tmp = v.file().resolveSibling(".strata-revert-" + v.name());
            discard(tmp);
            try {
                copy(copy, tmp, "revert volume '" + volume + "'");
                tgtadm.deleteLun(target.tid(), v.lun());
                try {
                    Files.move(tmp, v.file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new DriverException(
                            Fault.DRIVER_FAILURE,
                            "cannot put snapshot '" + snapshot + "' in place of " + v.file() + ": " + Reasons.of(e),
                            e);
                } finally {
                    readd(target, v);
                }
            } finally {
                discard(tmp);
            }
            LOG.info("Reverted volume {}/{} to snapshot {} on {}", pool, volume, snapshot, address.shown());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deleteVolumeSnapshot(String pool, String volume, String snapshot) {
        Names.snapshot(snapshot);
        Tgtadm.Target target = target(pool);
        if (find(target, volume).isEmpty()) {
            throw notFound(pool, volume);
        }
        Path copy = snapshotFile(pool, volume, snapshot);
        try {
            Files.delete(copy);
        } catch (NoSuchFileException e) {
            throw new DriverException(
                    Fault.NOT_FOUND, "volume '" + volume + "' has no snapshot named '" + snapshot + "'", e);
        } catch (IOException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot delete " + copy + ": " + Reasons.of(e), e);
        }
        LOG.info("Deleted snapshot {} of volume {}/{} on {}", snapshot, pool, volume, address.shown());
    }

    /** Where a volume's snapshots are: a hidden folder of the pool's, never taken for a volume. */
    private Path snapshotDir(String pool, String volume) {
        return poolDir(pool).resolve(".snapshots").resolve(volume);
    }

    private Path snapshotFile(String pool, String volume, String snapshot) {
        Path copy = snapshotDir(pool, volume).resolve(snapshot);
        if (!Files.isRegularFile(copy)) {
            throw new DriverException(
                    Fault.NOT_FOUND, "volume '" + volume + "' has no snapshot named '" + snapshot + "'");
        }
        return copy;
    }

    private void copy(Path from, Path to, String what) {
        Exec.Result r = Exec.run(
                List.of(cp, "--reflink=auto", "--sparse=always", "--", from.toString(), to.toString()),
                COPY_TIMEOUT_SECONDS,
                what,
                "GNU coreutils' cp");
        if (r.exit() != 0) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "cannot " + what + ": " + r.output().strip());
        }
    }

    private void removeSnapshots(String pool, String volume) {
        Path dir = snapshotDir(pool, volume);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.warn("Could not remove the snapshots of {}/{} in {}: {}", pool, volume, dir, Reasons.of(e));
        }
    }

    @Override
    public void close() {
        // Nothing is held between calls: every call runs tgtadm anew.
    }

    // ---- helpers

    /** A LUN of a target whose backing file is in the pool's directory: a volume this driver made. */
    private record Volume(String name, int lun, Path file) {}

    /** A pool that is not there is NOT_FOUND, whatever its name: there is no such pool to act on. */
    private Tgtadm.Target target(String pool) {
        if (pool == null || !Names.isPool(pool)) {
            throw new DriverException(
                    Fault.NOT_FOUND,
                    "no pool '" + Names.printable(pool) + "' on " + address.shown()
                            + ": pools here are iSCSI targets, named by their IQN");
        }
        if (!address.pools().isEmpty() && !address.pools().contains(pool)) {
            throw new DriverException(
                    Fault.NOT_FOUND,
                    "no pool '" + pool + "' on " + address.shown() + " (its pools: " + address.pools() + ")");
        }
        return tgtadm.targets().stream()
                .filter(t -> t.iqn().equals(pool))
                .findFirst()
                .orElseThrow(
                        () -> new DriverException(Fault.NOT_FOUND, "no target '" + pool + "' on " + address.shown()));
    }

    private Path poolDir(String pool) {
        return address.dir().resolve(pool);
    }

    private List<Volume> volumes(Tgtadm.Target target) {
        Path dir = poolDir(target.iqn());
        List<Volume> volumes = new ArrayList<>();
        for (Tgtadm.Lun lun : target.luns()) {
            if (lun.lun() == 0 || lun.backingPath() == null) {
                continue;
            }
            Path file = Path.of(lun.backingPath());
            if (dir.equals(file.getParent()) && file.getFileName() != null) {
                volumes.add(new Volume(file.getFileName().toString(), lun.lun(), file));
            }
        }
        return volumes;
    }

    private Optional<Volume> find(Tgtadm.Target target, String name) {
        return volumes(target).stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** Adds the file as the target's next LUN, under the lock: tgtd has no "next free LUN" of its own. */
    private VolumeInfo addLun(String pool, String name, Path file) {
        lock.lock();
        try {
            Tgtadm.Target target = target(pool);
            int lun = target.luns().stream().mapToInt(Tgtadm.Lun::lun).max().orElse(0) + 1;
            tgtadm.newLun(target.tid(), lun, file.toString());
            persist(pool);
            Volume v = new Volume(name, lun, file);
            return info(pool, v, allocations(List.of(file)));
        } finally {
            lock.unlock();
        }
    }

    private void requireUnused(Tgtadm.Target target, Volume v, String what) {
        Set<Integer> used = tgtadm.lunsInUse(target.tid());
        if (used.contains(v.lun())) {
            throw new DriverException(
                    Fault.CONFLICT,
                    "volume '" + v.name() + "' (LUN " + v.lun() + " of " + target.iqn()
                            + ") is in use by an initiator logged in to the target " + target.initiators()
                            + ": it cannot be " + what + " until that initiator logs out");
        }
    }

    /**
     * tgtd keeps its targets in memory only. After every change of a pool its target is written as tgt-admin's
     * configuration, {@code DIR/IQN.conf}, so that {@code tgt-admin -e} (Debian's tgt service runs it at boot, over
     * {@code /etc/tgt/conf.d/}) restores it after a restart with the same LUN numbers, and so the same VM disk paths:
     * what Cinder's tgt helper does with its volumes_dir. Only this driver's LUNs are written. Called under the lock.
     * A file that cannot be written does not undo the change tgtd has made; it is logged.
     */
    private void persist(String pool) {
        Optional<Tgtadm.Target> found =
                tgtadm.targets().stream().filter(t -> t.iqn().equals(pool)).findFirst();
        if (found.isEmpty()) {
            return;
        }
        Tgtadm.Target target = found.get();
        StringBuilder conf = new StringBuilder();
        conf.append("# Written by Strata's iscsi driver after every change of this pool: tgt-admin -e restores it.\n");
        conf.append("<target ").append(target.iqn()).append(">\n");
        for (Volume v : volumes(target)) {
            conf.append("    <backing-store ").append(v.file()).append(">\n");
            conf.append("        lun ").append(v.lun()).append("\n");
            conf.append("        bs-type rdwr\n");
            conf.append("    </backing-store>\n");
        }
        for (String acl : target.acl()) {
            boolean name = acl.startsWith("iqn.") || acl.startsWith("eui.") || acl.startsWith("naa.");
            conf.append(name ? "    initiator-name " : "    initiator-address ")
                    .append(acl)
                    .append("\n");
        }
        if (address.chap() != null && target.accounts().contains(address.chap())) {
            // tgt-admin takes the password only in clear; the file is root's alone (createTempFile: 0600). Without
            // it, a restored pool would let in any initiator of its ACL without credentials.
            char[] p = chapSecret.reveal();
            try {
                conf.append("    incominguser ")
                        .append(address.chap())
                        .append(' ')
                        .append(p)
                        .append("\n");
            } finally {
                java.util.Arrays.fill(p, '\0');
            }
        }
        conf.append("</target>\n");
        Path file = address.dir().resolve(pool + ".conf");
        try {
            Files.createDirectories(address.dir());
            Path tmp = Files.createTempFile(address.dir(), ".strata-", ".conf.tmp");
            Files.writeString(tmp, conf);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn(
                    "Could not write {}: after a tgtd restart, pool {} would not come back by itself: {}",
                    file,
                    pool,
                    Reasons.of(e));
        }
    }

    /** Creates the new volume's file, empty: the name is taken from then on, by this or any other session. */
    private Path reserve(String pool, String name) {
        Path dir = poolDir(pool);
        Path file = dir.resolve(name);
        try {
            Files.createDirectories(dir);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new DriverException(
                    Fault.CONFLICT,
                    "pool '" + pool + "' already has a volume named '" + name + "' (or a file of that name in " + dir
                            + ")");
        } catch (IOException | UnsupportedOperationException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot create " + file + ": " + Reasons.of(e), e);
        }
        return file;
    }

    private static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", file, e.getMessage());
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DriverException(Fault.NOT_FOUND, "the backing file " + file + " is gone", e);
        } catch (IOException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, "cannot read " + file + ": " + Reasons.of(e), e);
        }
    }

    private VolumeInfo info(String pool, Volume v, Map<Path, Long> allocated) {
        long capacity;
        try {
            capacity = Files.size(v.file());
        } catch (IOException e) {
            capacity = -1;
        }
        return new VolumeInfo(
                pool, v.name(), capacity, allocated.getOrDefault(v.file(), -1L), "raw", path(pool, v.lun()));
    }

    /** What a VM disk's source names: QEMU's iSCSI URL, which its built-in initiator (libiscsi) opens. */
    private String path(String pool, int lun) {
        // The CHAP user, never its password: the hypervisor driver is handed the secret apart (DiskSpec.auth).
        String user = address.chap() == null ? "" : address.chap() + "@";
        return "iscsi://" + user + address.portal() + "/" + pool + "/" + lun;
    }

    /** The blocks the files really take (they are sparse), with one stat for all. */
    private static Map<Path, Long> allocations(List<Path> files) {
        Map<Path, Long> sizes = new HashMap<>();
        if (files.isEmpty()) {
            return sizes;
        }
        List<String> command = new ArrayList<>(List.of("stat", "--format=%b %B %n", "--"));
        files.forEach(f -> command.add(f.toString()));
        Exec.Result r = Exec.run(command, STAT_TIMEOUT_SECONDS, "read the volumes' allocation", "GNU coreutils' stat");
        for (String line : r.output().split("\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3 && parts[0].matches("\\d+") && parts[1].matches("\\d+")) {
                sizes.put(Path.of(parts[2]), Long.parseLong(parts[0]) * Long.parseLong(parts[1]));
            }
        }
        return sizes;
    }

    private static Path existing(Path dir) {
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of("/") : p;
    }

    private DriverException notFound(String pool, String name) {
        return new DriverException(Fault.NOT_FOUND, "no volume '" + name + "' in pool '" + pool + "'");
    }
}
