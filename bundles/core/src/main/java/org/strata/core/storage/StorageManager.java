package org.strata.core.storage;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.storage.StorageAttachment;
import org.strata.api.storage.StoragePool;
import org.strata.api.storage.StorageService;
import org.strata.api.storage.Volume;
import org.strata.api.storage.VolumeImport;
import org.strata.api.storage.VolumeSnapshot;
import org.strata.api.storage.VolumeSpec;
import org.strata.api.task.Task;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.drivers.DriverVocabulary;
import org.strata.core.sessions.SessionCalls;
import org.strata.core.sessions.SessionPool;
import org.strata.core.tasks.TaskManager;
import org.strata.engine.Lane;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;
import org.strata.repository.VmStore;
import org.strata.repository.VolumeStore;
import org.strata.spi.Capability;
import org.strata.spi.DriverKind;
import org.strata.spi.Fault;
import org.strata.spi.storage.PoolInfo;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;

/**
 * Volumes on storage hosts. Sessions are pooled per host and closed after {@link #SESSION_IDLE} unused (a
 * vSphere login or a libvirt connection per call cost more than the call; a storage host nobody looks at should
 * hold no session). Lists are read live; changes are tasks whose result is the volume's path.
 *
 * <p>What a storage host reports of its volumes is also recorded ({@link VolumeStore}) whenever Strata sees it: a
 * listing, a read, a change, and a periodic inventory round over every storage host. Admission counts the storage of
 * VMs against tenants' quotas from that record, without asking a driver while it decides.
 */
@Component(service = {StorageService.class, StorageManager.class})
public final class StorageManager implements StorageService {

    static final Duration SESSION_IDLE = Duration.ofMinutes(2);
    /**
     * How often every storage host's volumes are listed into the record: volumes made outside Strata count against
     * quotas from the next round. Listing is a directory read for libvirt, one property collector call for ESX.
     */
    static final Duration INVENTORY_INTERVAL = Duration.ofMinutes(5);
    /**
     * The format of a new volume when neither the request nor the driver's vocabulary names one: the first that
     * the storage SPI documents for createVolume.
     */
    private static final String SPI_FORMAT = "qcow2";

    private static final Logger LOG = LoggerFactory.getLogger(StorageManager.class);

    private final HostStore repository;
    private final VolumeStore seen;
    private final DriverRegistry drivers;
    private final TaskManager tasks;
    private final SessionPool<StorageDriver, StorageSession> sessions;
    private final ScheduledExecutorService sweeper;
    private final DiskUsers usage;

    @Activate
    public StorageManager(
            @Reference HostStore repository,
            @Reference VolumeStore seen,
            @Reference DriverRegistry drivers,
            @Reference TaskManager tasks,
            @Reference VmStore vms) {
        this(repository, seen, drivers, tasks, INVENTORY_INTERVAL, DiskUsers.of(vms));
    }

    /**
     * @param inventoryInterval how often the inventory round runs; zero for never (tests run it by hand)
     * @param usage             which running VM uses a volume, for the snapshot operations
     *     <p>Not of the @Activate constructor's arity: Declarative Services picks a constructor by its number of
     *     parameters alone.
     */
    // The periodic rounds run until the scheduler is shut down on close and catch their own failures: no future to
    // keep.
    @SuppressWarnings("FutureReturnValueIgnored")
    public StorageManager(
            HostStore repository,
            VolumeStore seen,
            DriverRegistry drivers,
            TaskManager tasks,
            Duration inventoryInterval,
            DiskUsers usage) {
        this.usage = usage;
        this.repository = repository;
        this.seen = seen;
        this.drivers = drivers;
        this.tasks = tasks;
        this.sessions = new SessionPool<>(
                StorageDriver.class,
                repository,
                drivers,
                Clock.systemUTC(),
                new SessionPool.Policy(
                        "host", SESSION_IDLE, false, Set.of(Fault.UNREACHABLE, Fault.AUTHENTICATION_FAILED)),
                StorageDriver::open,
                new SessionPool.Listener<>() {});
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "strata-storage-sessions");
            thread.setDaemon(true);
            return thread;
        });
        long period = SESSION_IDLE.toSeconds() / 2;
        sweeper.scheduleWithFixedDelay(
                () -> {
                    try {
                        sessions.closeIdle();
                    } catch (RuntimeException e) {
                        LOG.warn("Closing idle storage sessions failed", e);
                    }
                },
                period,
                period,
                TimeUnit.SECONDS);
        if (!inventoryInterval.isZero()) {
            // The first round soon after start: a restarted Strata counts volumes made while it was down.
            sweeper.scheduleWithFixedDelay(
                    () -> {
                        try {
                            inventoryRound();
                        } catch (RuntimeException e) {
                            LOG.warn("The storage inventory round failed", e);
                        }
                    },
                    10,
                    inventoryInterval.toSeconds(),
                    TimeUnit.SECONDS);
        }
    }

    /**
     * Lists every pool of every storage host whose driver runs into the record. A host that fails is logged and
     * left as last seen: the next round tries again.
     */
    public void inventoryRound() {
        for (var driver : drivers.drivers()) {
            if (!DriverKind.STORAGE.name().equals(driver.kind())) {
                continue;
            }
            for (StoredHost host : repository.hostsOfDriver(driver.id())) {
                try {
                    for (String pool : sessions.call(host, StorageSession::pools)) {
                        record(host, pool, sessions.call(host, s -> s.volumes(pool)));
                    }
                } catch (RuntimeException e) {
                    LOG.info("Listing the volumes of storage host '{}' failed: {}", host.name(), e.getMessage());
                }
            }
        }
    }

    @Deactivate
    public void close() {
        sweeper.shutdownNow();
        sessions.close();
    }

    /** Closes the host's session: it was removed or changed. */
    public void forget(String hostId) {
        sessions.forget(hostId);
    }

    /** Whether a session to the host is open now; for tests and diagnostics. */
    boolean isOpen(String hostId) {
        return sessions.isOpen(hostId);
    }

    @Override
    public List<String> pools(String hostId) {
        StoredHost host = host(hostId);
        return sessions.call(host, StorageSession::pools);
    }

    @Override
    public StoragePool pool(String hostId, String pool) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        PoolInfo info = sessions.call(host, StorageSession::poolInfo).stream()
                .filter(i -> i.name().equals(p))
                .findFirst()
                .orElseThrow(() -> StrataException.notFound("storage pool", p));
        // What the volumes are promised, from the same session: a thin pool's overcommit shows against its capacity.
        List<VolumeInfo> listed = sessions.call(host, s -> s.volumes(p));
        record(host, p, listed);
        long provisioned =
                listed.stream().mapToLong(v -> Math.max(0, v.capacityBytes())).sum();
        return new StoragePool(
                host.id(),
                info.name(),
                info.capacityBytes() < 0 ? null : info.capacityBytes(),
                info.freeBytes() < 0 ? null : info.freeBytes(),
                provisioned,
                listed.size());
    }

    @Override
    public List<Volume> volumes(String hostId, String pool) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        List<VolumeInfo> listed = sessions.call(host, s -> s.volumes(p));
        record(host, p, listed);
        return listed.stream().map(v -> volume(host, v)).toList();
    }

    @Override
    public Volume volume(String hostId, String pool, String name) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        String n = volume(host, name, "name");
        return volume(host, recorded(host, sessions.call(host, s -> s.volume(p, n))));
    }

    @Override
    public Task createVolume(String hostId, VolumeSpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a volume spec is required");
        }
        StoredHost host = host(hostId);
        String pool = pool(host, spec.pool());
        String name = volume(host, spec.name(), "name");
        long bytes = StorageValidation.capacityBytes(spec.capacityMb());
        String format = format(host, spec.format());
        require(host, Capability.VOLUME_CREATE, "create volumes");
        return tasks.submit("volume.create", "volume", pool + "/" + name, principal, context -> {
            context.progress(10, "creating " + pool + "/" + name + " on " + host.name());
            return recorded(host, sessions.call(host, s -> s.createVolume(pool, name, bytes, format)))
                    .path();
        });
    }

    @Override
    public Task cloneVolume(String hostId, String pool, String source, String newName, String principal) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        String from = volume(host, source, "source");
        String to = volume(host, newName, "newName");
        require(host, Capability.VOLUME_CLONE, "clone volumes");
        // Copies the whole source: long, and the source must not be resized or deleted meanwhile.
        TaskRequest request = TaskRequest.of("volume.clone", new TaskTarget("volume", p + "/" + to), principal)
                .on(Lane.LONG)
                .holding(new TaskTarget("volume", p + "/" + from));
        return tasks.submit(request, context -> {
            context.progress(10, "cloning " + p + "/" + from + " to " + to + " on " + host.name());
            return recorded(host, sessions.call(host, s -> s.cloneVolume(p, from, to)))
                    .path();
        });
    }

    @Override
    public Task resizeVolume(String hostId, String pool, String name, long capacityMb, String principal) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        String n = volume(host, name, "name");
        long bytes = StorageValidation.capacityBytes(capacityMb);
        require(host, Capability.VOLUME_RESIZE, "resize volumes");
        return tasks.submit("volume.resize", "volume", p + "/" + n, principal, context -> {
            context.progress(10, "resizing " + p + "/" + n + " to " + capacityMb + " MiB on " + host.name());
            return recorded(host, sessions.call(host, s -> s.resizeVolume(p, n, bytes)))
                    .path();
        });
    }

    @Override
    public Task deleteVolume(String hostId, String pool, String name, String principal) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        String n = volume(host, name, "name");
        require(host, Capability.VOLUME_CREATE, "delete volumes");
        return tasks.submit("volume.delete", "volume", p + "/" + n, principal, context -> {
            context.progress(10, "deleting " + p + "/" + n + " on " + host.name());
            String path = sessions.call(host, s -> s.volume(p, n)).path();
            sessions.call(host, s -> {
                s.deleteVolume(p, n);
                return null;
            });
            forgotten(host, p, n);
            return path;
        });
    }

    // ---- volume snapshots

    @Override
    public List<VolumeSnapshot> volumeSnapshots(String hostId, String pool, String volume) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        String v = volume(host, volume, "volume");
        require(host, Capability.VOLUME_SNAPSHOT, "keep volume snapshots");
        return sessions.call(host, s -> s.volumeSnapshots(p, v)).stream()
                .map(i -> new VolumeSnapshot(
                        host.id(),
                        i.pool(),
                        i.volume(),
                        i.name(),
                        i.created(),
                        i.sizeBytes() < 0 ? null : i.sizeBytes()))
                .toList();
    }

    @Override
    public Task snapshotVolume(String hostId, String pool, String volume, String name, String principal) {
        VolumeTarget t = snapshotTarget(hostId, pool, volume, "snapshot volumes");
        String n = snapshotName(name);
        if (volumeSnapshots(hostId, t.pool(), t.volume()).stream()
                .anyMatch(s -> s.name().equals(n))) {
            throw StrataException.conflict(
                    "volume " + t.pool() + "/" + t.volume() + " has a snapshot named '" + n + "' already");
        }
        return tasks.submit("volume.snapshot.create", "volume", t.pool() + "/" + t.volume(), principal, context -> {
            context.progress(10, "taking snapshot '" + n + "' of " + t.pool() + "/" + t.volume());
            sessions.call(t.host(), s -> s.snapshotVolume(t.pool(), t.volume(), n));
            return n;
        });
    }

    @Override
    public Task revertVolume(String hostId, String pool, String volume, String snapshot, String principal) {
        VolumeTarget t = snapshotTarget(hostId, pool, volume, "revert volumes");
        String n = existingSnapshot(t, snapshot);
        return tasks.submit("volume.snapshot.revert", "volume", t.pool() + "/" + t.volume(), principal, context -> {
            context.progress(10, "reverting " + t.pool() + "/" + t.volume() + " to snapshot '" + n + "'");
            sessions.call(t.host(), s -> {
                s.revertVolume(t.pool(), t.volume(), n);
                return null;
            });
            return n;
        });
    }

    @Override
    public Task deleteVolumeSnapshot(String hostId, String pool, String volume, String snapshot, String principal) {
        VolumeTarget t = snapshotTarget(hostId, pool, volume, "delete volume snapshots");
        String n = existingSnapshot(t, snapshot);
        return tasks.submit("volume.snapshot.delete", "volume", t.pool() + "/" + t.volume(), principal, context -> {
            context.progress(10, "deleting snapshot '" + n + "' of " + t.pool() + "/" + t.volume());
            sessions.call(t.host(), s -> {
                s.deleteVolumeSnapshot(t.pool(), t.volume(), n);
                return null;
            });
            return n;
        });
    }

    private record VolumeTarget(StoredHost host, String pool, String volume) {}

    /**
     * The volume checked for a snapshot operation: the driver keeps snapshots, and no running VM of the inventory uses
     * the volume (a running guest's disk is snapshotted by its hypervisor, with the guest's cooperation: a VM
     * snapshot; an NFS backend cannot even tell a file is open).
     */
    private VolumeTarget snapshotTarget(String hostId, String pool, String volume, String what) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        String v = volume(host, volume, "volume");
        require(host, Capability.VOLUME_SNAPSHOT, what);
        String path = sessions.call(host, s -> s.volume(p, v)).path();
        String user = usage.runningVmUsing(path);
        if (user != null) {
            throw StrataException.conflict("volume " + p + "/" + v + " is a disk of VM '" + user + "', which runs: take"
                    + " a snapshot of the VM instead, or stop it first");
        }
        return new VolumeTarget(host, p, v);
    }

    private String existingSnapshot(VolumeTarget t, String snapshot) {
        String n = snapshotName(snapshot);
        if (volumeSnapshots(t.host().id(), t.pool(), t.volume()).stream()
                .noneMatch(s -> s.name().equals(n))) {
            throw StrataException.notFound("snapshot of volume " + t.pool() + "/" + t.volume(), n);
        }
        return n;
    }

    /** Plain names, as VM snapshots have: they travel in URLs and shell arguments, and qemu-img takes digits as ids. */
    private static String snapshotName(String name) {
        if (name == null || !name.matches("(?=.*[A-Za-z._-])[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw StrataException.invalid("snapshot name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or"
                    + " '-', start with a letter or digit, and not be digits only");
        }
        return name;
    }

    // ---- who sees a pool

    @Override
    public List<StorageAttachment> attachments(String hostId, String pool) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        return seen.attachments(host.id(), p).stream()
                .map(StorageManager::attachment)
                .toList();
    }

    @Override
    public StorageAttachment attach(String hostId, String pool, StorageAttachment attachment, String principal) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        if (attachment == null) {
            throw StrataException.invalid("an attachment with a clusterId or a hostId is required");
        }
        boolean cluster =
                attachment.clusterId() != null && !attachment.clusterId().isBlank();
        boolean single = attachment.hostId() != null && !attachment.hostId().isBlank();
        if (cluster == single) {
            throw StrataException.invalid(
                    "give either clusterId or hostId: a pool is attached to one cluster or one" + " host at a time");
        }
        if (single && attachment.hostId().equals(host.id())) {
            throw StrataException.invalid("a storage host's pool is attached to the hosts that use it, not to itself");
        }
        VolumeStore.Attachment a = new VolumeStore.Attachment(
                host.id(), p, cluster ? attachment.clusterId() : null, single ? attachment.hostId() : null);
        seen.attach(a);
        LOG.info(
                "{} attached pool {} of '{}' to {} {}",
                principal,
                p,
                host.name(),
                cluster ? "cluster" : "host",
                cluster ? a.clusterId() : a.hostId());
        return attachment(a);
    }

    @Override
    public void detach(String hostId, String pool, String targetId, String principal) {
        StoredHost host = host(hostId);
        String p = pool(host, pool);
        VolumeStore.Attachment a = seen.attachments(host.id(), p).stream()
                .filter(x -> targetId != null && (targetId.equals(x.clusterId()) || targetId.equals(x.hostId())))
                .findFirst()
                .orElseThrow(() -> StrataException.notFound("attachment of pool " + p, targetId));
        if (seen.detach(a)) {
            LOG.info("{} detached pool {} of '{}' from {}", principal, p, host.name(), targetId);
        }
    }

    private static StorageAttachment attachment(VolumeStore.Attachment a) {
        return new StorageAttachment(a.storageHostId(), a.pool(), a.clusterId(), a.hostId());
    }

    // ---- for the VM cloner, inside its own task

    /**
     * Copies a volume into a new one of the same pool, now, and records it: a full clone's disk. Called from a task
     * that already runs (the cloner's), so it is no task of its own.
     */
    public VolumeInfo copyVolume(String hostId, String pool, String source, String newName, IntConsumer progress) {
        StoredHost host = host(hostId);
        require(host, Capability.VOLUME_CLONE, "clone volumes");
        return recorded(host, sessions.call(host, s -> s.cloneVolume(pool, source, newName, progress)));
    }

    /** Creates a volume that reads from {@code backing} where it has not written, now, and records it. */
    public VolumeInfo linkVolume(String hostId, String pool, String backing, String newName) {
        StoredHost host = host(hostId);
        require(host, Capability.VOLUME_LINKED_CLONE, "make linked volumes");
        return recorded(host, sessions.call(host, s -> s.createLinkedVolume(pool, backing, newName)));
    }

    /** Deletes a volume now and forgets it: a clone's disk, undone after the clone failed. */
    public void removeVolume(String hostId, String pool, String name) {
        StoredHost host = host(hostId);
        sessions.call(host, s -> {
            s.deleteVolume(pool, name);
            return null;
        });
        forgotten(host, pool, name);
    }

    /** Whether the storage host's driver declares a capability. */
    public boolean can(String hostId, Capability capability) {
        StoredHost host = host(hostId);
        return drivers.descriptor(host.driverId()).map(d -> d.can(capability)).orElse(false);
    }

    @Override
    public Task importVolume(String hostId, VolumeImport spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("an import spec is required");
        }
        StoredHost host = host(hostId);
        String pool = pool(host, spec.pool());
        String name = volume(host, spec.name(), "name");
        String sourcePath = StorageValidation.sourcePath(spec.sourcePath());
        String sourceFormat = StorageValidation.sourceFormat(spec.sourceFormat());
        vocabulary(host).importFormat(sourceFormat, "sourceFormat");
        String format = format(host, spec.format());
        require(host, Capability.VOLUME_IMPORT, "import disk images");
        return tasks.submit(
                TaskRequest.of("volume.import", new TaskTarget("volume", pool + "/" + name), principal)
                        .on(Lane.LONG),
                context -> {
                    context.progress(1, "importing " + sourcePath + " into " + pool + "/" + name);
                    return recorded(
                                    host,
                                    sessions.call(
                                            host,
                                            s -> s.importVolume(
                                                    pool,
                                                    name,
                                                    sourcePath,
                                                    sourceFormat,
                                                    format,
                                                    percent -> context.progress(
                                                            Math.max(1, Math.min(99, percent)),
                                                            "converting " + sourcePath + ": " + percent + "%"))))
                            .path();
                });
    }

    // ---- the record admission reads; an observation, so failing to write it fails nothing the driver did

    private void record(StoredHost host, String pool, List<VolumeInfo> listed) {
        try {
            seen.recordPool(
                    host.id(),
                    pool,
                    listed.stream()
                            .filter(v -> pool.equals(v.pool()) && v.path() != null)
                            .map(v -> seenVolume(host, v))
                            .toList());
        } catch (RuntimeException e) {
            LOG.warn("Recording the volumes of pool {} of '{}' failed: {}", pool, host.name(), e.getMessage());
        }
    }

    private VolumeInfo recorded(StoredHost host, VolumeInfo v) {
        if (v != null && v.path() != null) {
            try {
                seen.recordVolume(seenVolume(host, v));
            } catch (RuntimeException e) {
                LOG.warn("Recording volume {}/{} of '{}' failed: {}", v.pool(), v.name(), host.name(), e.getMessage());
            }
        }
        return v;
    }

    private void forgotten(StoredHost host, String pool, String name) {
        try {
            seen.forgetVolume(host.id(), pool, name);
        } catch (RuntimeException e) {
            LOG.warn("Forgetting volume {}/{} of '{}' failed: {}", pool, name, host.name(), e.getMessage());
        }
    }

    private static VolumeStore.SeenVolume seenVolume(StoredHost host, VolumeInfo v) {
        return new VolumeStore.SeenVolume(host.id(), v.pool(), v.name(), v.path(), Math.max(0, v.capacityBytes()));
    }

    // ---- helpers

    private StoredHost host(String hostId) {
        if (hostId == null || hostId.isBlank()) {
            throw StrataException.invalid("hostId is required");
        }
        return repository.host(hostId).orElseThrow(() -> StrataException.notFound("host", hostId));
    }

    private StorageDriver driver(StoredHost host) {
        return sessions.driver(host);
    }

    private void require(StoredHost host, Capability capability, String what) {
        driver(host);
        if (drivers.descriptor(host.driverId()).map(d -> !d.can(capability)).orElse(true)) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "host '" + host.name() + "' (driver '" + host.driverId() + "') cannot " + what + ": it lacks "
                            + capability);
        }
    }

    /** The storage hosts' pooled sessions, which this service uses too; for the engine's {@code DriverSessions}. */
    public SessionCalls<StorageSession> sessions() {
        return sessions::call;
    }

    private static Volume volume(StoredHost host, VolumeInfo v) {
        return new Volume(
                v.pool() + "/" + v.name(),
                host.id(),
                v.pool(),
                v.name(),
                v.capacityBytes(),
                v.allocationBytes(),
                v.format(),
                v.path());
    }

    private DriverVocabulary vocabulary(StoredHost host) {
        return DriverVocabulary.of(drivers, host.name(), host.driverId());
    }

    private String pool(StoredHost host, String value) {
        return vocabulary(host).poolName(StorageValidation.name(value, "pool"), "pool");
    }

    private String volume(StoredHost host, String value, String field) {
        return vocabulary(host).volumeName(StorageValidation.name(value, field), field);
    }

    /** The format of a new volume: the one asked for, if the driver takes it; else the driver's first, or the SPI's. */
    private String format(StoredHost host, String value) {
        return vocabulary(host).volumeFormat(StorageValidation.format(value, "format"), "format", SPI_FORMAT);
    }
}
