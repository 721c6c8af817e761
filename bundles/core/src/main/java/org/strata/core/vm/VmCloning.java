package org.strata.core.vm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.storage.StoragePool;
import org.strata.api.task.Task;
import org.strata.api.vm.CloneRequest;
import org.strata.api.vm.TemplateService;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmOrigin;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.core.events.EventLog;
import org.strata.core.sessions.HostSessions;
import org.strata.core.storage.DiskCredentials;
import org.strata.core.storage.StorageManager;
import org.strata.core.tasks.TaskManager;
import org.strata.engine.Lane;
import org.strata.engine.TaskContext;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.engine.VmClaim;
import org.strata.repository.StoredHost;
import org.strata.repository.VmStore;
import org.strata.repository.VolumeStore;
import org.strata.repository.VolumeStore.SeenVolume;
import org.strata.spi.Capability;
import org.strata.spi.hypervisor.CloneSpec;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.storage.VolumeInfo;

/**
 * Templates and clones. A hypervisor that copies disks itself ({@code VM_CLONE}: ESX) clones in one call; for the
 * others Strata clones the way oVirt and CloudStack do, compute and storage apart: each disk's volume, found in the
 * storage inventory by its path, is copied (full) or linked (a qcow2 overlay on the template's volume) by its storage
 * host's driver, and the new VM is defined with the new volumes. What a failed clone made is removed again.
 */
@Component(service = TemplateService.class)
public final class VmCloning implements TemplateService {

    private static final Logger LOG = LoggerFactory.getLogger(VmCloning.class);

    private final VmManager vms;
    private final VmStore repository;
    private final VolumeStore volumes;
    private final StorageManager storage;
    private final HostSessions sessions;
    private final TaskManager tasks;
    private final EventLog events;
    private final InFlight inFlight;
    private final DiskCredentials credentials;

    @Activate
    public VmCloning(
            @Reference VmManager vms,
            @Reference VmStore repository,
            @Reference VolumeStore volumes,
            @Reference StorageManager storage,
            @Reference HostSessions sessions,
            @Reference TaskManager tasks,
            @Reference EventLog events,
            @Reference InFlight inFlight,
            @Reference DiskCredentials credentials) {
        this.inFlight = inFlight;
        this.credentials = credentials;
        this.vms = vms;
        this.repository = repository;
        this.volumes = volumes;
        this.storage = storage;
        this.sessions = sessions;
        this.tasks = tasks;
        this.events = events;
    }

    @Override
    public VirtualMachine markTemplate(String vmId, boolean template, String principal) {
        VmManager.Target t = vms.target(vmId);
        if (template && !t.vm().template() && vms.state(t) != VmState.STOPPED) {
            throw StrataException.conflict(
                    "VM '" + t.vm().name() + "' is " + vms.state(t) + ": stop it before marking it as a template");
        }
        return repository.setTemplate(vmId, template, principal);
    }

    @Override
    public List<VirtualMachine> linkedClones(String vmId) {
        vms.target(vmId);
        return repository.linkedClonesOf(vmId);
    }

    @Override
    public Task clone(String vmId, CloneRequest request, String principal) {
        if (request == null) {
            throw StrataException.invalid("a clone request with a name is required");
        }
        VmManager.Target source = vms.target(vmId);
        if (source.vm().spec() == null) {
            throw StrataException.conflict("VM '" + source.vm().name() + "' has no recorded definition to clone");
        }
        boolean linked = Boolean.TRUE.equals(request.linked());
        VmSpec spec = VmValidation.spec(renamed(source.vm().spec(), request.name()));
        StoredHost destination =
                request.hostId() == null || request.hostId().isBlank() ? source.host() : vms.host(request.hostId());
        if (!destination.driverId().equals(source.host().driverId())) {
            throw StrataException.invalid("host '" + destination.name() + "' (driver '" + destination.driverId()
                    + "') cannot take a clone of a VM of driver '"
                    + source.host().driverId() + "'");
        }
        if (repository.hasVmNamed(destination.id(), spec.name())) {
            throw StrataException.conflict(
                    "host '" + destination.name() + "' already has a VM named '" + spec.name() + "'");
        }
        String pool = request.poolId() == null || request.poolId().isBlank()
                ? source.vm().poolId()
                : request.poolId();
        String id = UUID.randomUUID().toString();
        VmOrigin origin = new VmOrigin(source.vm().id(), linked, blankToNull(request.snapshot()));
        VmClaim claim = new VmClaim(
                VmClaim.Kind.CREATE,
                id,
                spec.name(),
                destination.id(),
                pool,
                spec.cpus(),
                spec.memoryMb(),
                volumes.storageGb(source.vm().spec()),
                principal);
        TaskRequest task = TaskRequest.of("vm.clone", TaskTarget.vm(id), principal)
                .on(Lane.LONG)
                .holding(TaskTarget.vm(source.vm().id()));
        if (sessions.capabilities(source.host()).contains(Capability.VM_CLONE)) {
            if (!destination.id().equals(source.host().id())) {
                throw StrataException.invalid(
                        "driver '" + source.host().driverId() + "' clones a VM on its own host:" + " leave hostId out");
            }
            return vms.admitted(
                    claim,
                    () -> tasks.submit(
                            task, context -> byHypervisor(context, source, spec, origin, pool, id, principal)));
        }
        List<DiskCopy> copies = plan(source, spec, linked);
        if (linked) {
            // A linked clone's disks read from the template's volumes: its host must see them.
            vms.requireStorageSeen(source.vm(), destination);
        }
        boolean pause = !linked && VmStateMachine.isLive(vms.state(source));
        if (pause) {
            vms.requireCapability(
                    source.host(), Capability.VM_SUSPEND, "pause a running VM while its disks are copied");
        }
        vms.requireCapability(destination, Capability.VM_DEFINE, "define VMs");
        return vms.admitted(
                claim,
                () -> tasks.submit(
                        task,
                        context -> byStorage(
                                context, source, destination, spec, copies, pause, origin, pool, id, principal)));
    }

    /** ESX and the like: one call, the hypervisor copies or links the disks. */
    private String byHypervisor(
            TaskContext context,
            VmManager.Target source,
            VmSpec spec,
            VmOrigin origin,
            String pool,
            String id,
            String principal) {
        context.progress(
                10, (origin.linked() ? "linking " : "cloning ") + source.vm().name() + " to " + spec.name());
        VmInfo made = sessions.call(
                source.host(),
                s -> s.cloneVm(
                        source.vm().hypervisorId(), new CloneSpec(spec.name(), origin.linked(), origin.snapshot())));
        context.progress(90, "recording " + spec.name());
        VmSpec stored = vms.described(source.host(), made.id()).orElse(spec);
        record(source, source.host(), id, made, stored, origin, pool, principal);
        return id;
    }

    /** Every other driver: the disks' storage hosts copy or link each volume, then the new VM is defined. */
    private String byStorage(
            TaskContext context,
            VmManager.Target source,
            StoredHost destination,
            VmSpec spec,
            List<DiskCopy> copies,
            boolean pause,
            VmOrigin origin,
            String pool,
            String id,
            String principal) {
        List<VolumeInfo> made = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        try {
            if (pause) {
                context.progress(5, "pausing " + source.vm().name() + " while its disks are copied");
                sessions.call(source.host(), s -> {
                    s.suspend(source.vm().hypervisorId());
                    return null;
                });
            }
            try {
                for (int i = 0; i < copies.size(); i++) {
                    context.checkCancelled();
                    DiskCopy copy = copies.get(i);
                    int from = 10 + 70 * i / copies.size();
                    int span = 70 / copies.size();
                    context.progress(
                            from,
                            (origin.linked() ? "linking " : "copying ")
                                    + copy.volume().pool() + "/" + copy.volume().name() + " to " + copy.newName());
                    VolumeInfo v = origin.linked()
                            ? storage.linkVolume(
                                    copy.volume().hostId(),
                                    copy.volume().pool(),
                                    copy.volume().name(),
                                    copy.newName())
                            : storage.copyVolume(
                                    copy.volume().hostId(),
                                    copy.volume().pool(),
                                    copy.volume().name(),
                                    copy.newName(),
                                    percent -> context.progress(
                                            from + span * Math.max(0, Math.min(100, percent)) / 100,
                                            "copying " + copy.volume().name() + ": " + percent + "%"));
                    made.add(v);
                    sources.put(copy.disk().source(), v.path());
                }
            } finally {
                if (pause) {
                    resume(source);
                }
            }
            VmSpec withVolumes = withSources(spec, sources, origin.linked());
            context.progress(85, "defining " + spec.name() + " on " + destination.name());
            // The hypervisor tells of the new VM at once: the synchronizer must leave it to this task to record.
            try (InFlight.Operation op = inFlight.begin(id)) {
                VmInfo defined =
                        sessions.call(destination, s -> s.define(credentials.withAuth(VmSpecs.toSpi(withVolumes, id))));
                VmSpec stored = vms.described(destination, defined.id()).orElse(withVolumes);
                record(source, destination, id, defined, stored, origin, pool, principal);
            }
            return id;
        } catch (RuntimeException e) {
            for (VolumeInfo v : made) {
                SeenVolume where = copies.stream()
                        .filter(c -> c.newName().equals(v.name()))
                        .findFirst()
                        .map(DiskCopy::volume)
                        .orElseThrow();
                try {
                    storage.removeVolume(where.hostId(), v.pool(), v.name());
                } catch (RuntimeException undo) {
                    e.addSuppressed(undo);
                    LOG.warn("A failed clone left volume {}/{}: {}", v.pool(), v.name(), undo.getMessage());
                }
            }
            throw e;
        }
    }

    private void resume(VmManager.Target source) {
        try {
            sessions.call(source.host(), s -> {
                s.resume(source.vm().hypervisorId());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.error(
                    "VM {} stayed paused after its disks were copied: {}",
                    source.vm().name(),
                    e.getMessage());
            throw e;
        }
    }

    private void record(
            VmManager.Target source,
            StoredHost host,
            String id,
            VmInfo made,
            VmSpec stored,
            VmOrigin origin,
            String pool,
            String principal) {
        // Where the hypervisor chose the id (ESX, the demo driver), it tells of the clone before this task knows the
        // id: the synchronizer may record it as found first. From here it leaves the id to this task, and a record it
        // made meanwhile gives way to the clone's, with its origin (a few tries: one it was writing may land late).
        try (InFlight.Operation op = inFlight.begin(made.id())) {
            vms.afterHypervisor("record the clone " + stored.name(), host, () -> {
                for (int attempt = 1; ; attempt++) {
                    repository
                            .vmByHypervisorId(host.id(), made.id())
                            .filter(found -> !found.managed())
                            .ifPresent(found -> repository.deleteVm(found.id(), principal));
                    try {
                        return repository.createVm(
                                id, host.id(), made.id(), pool, stored, VmSpecs.state(made.state()), origin, principal);
                    } catch (StrataException e) {
                        if (e.code() != ErrorCode.CONFLICT || attempt == 3) {
                            throw e;
                        }
                    }
                }
            });
        }
        events.record(
                Event.Severity.INFO,
                "VM_CLONED",
                "vm",
                id,
                "VM " + stored.name() + " cloned from " + (source.vm().template() ? "template " : "VM ")
                        + source.vm().name() + (origin.linked() ? " (linked)" : " (full copy)"));
    }

    /** Which volume each disk is, and the clone's volume names; refused before any task when one is unknown. */
    private List<DiskCopy> plan(VmManager.Target source, VmSpec spec, boolean linked) {
        if (linked && !source.vm().template()) {
            throw StrataException.conflict("a linked clone shares the disks of its source, which must then never"
                    + " change: mark VM '" + source.vm().name() + "' as a template first");
        }
        List<VmDisk> disks = source.vm().spec().disks().stream()
                .filter(d -> d.source() != null && !"cdrom".equals(d.device()))
                .toList();
        Map<String, SeenVolume> byPath = new LinkedHashMap<>();
        for (SeenVolume v : volumes.volumesAt(disks.stream().map(VmDisk::source).toList())) {
            byPath.putIfAbsent(v.path(), v);
        }
        List<DiskCopy> copies = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < disks.size(); i++) {
            VmDisk disk = disks.get(i);
            SeenVolume volume = byPath.get(disk.source());
            if (volume == null) {
                throw StrataException.conflict("disk " + (disk.target() == null ? "#" + (i + 1) : disk.target())
                        + " of VM '" + source.vm().name() + "' (" + disk.source() + ") is on no volume a storage host"
                        + " reported: add the host that stores it as a storage host, so that Strata can copy it");
            }
            Capability needed = linked ? Capability.VOLUME_LINKED_CLONE : Capability.VOLUME_CLONE;
            if (!storage.can(volume.hostId(), needed)) {
                throw StrataException.conflict("the storage host of disk " + disk.source() + " cannot "
                        + (linked ? "make linked volumes" : "clone volumes") + " (it lacks " + needed + ")");
            }
            String newName = volumeName(spec.name(), disk, i, volume.name(), linked);
            if (!names.add(newName)) {
                newName = volumeName(spec.name() + "-" + i, disk, i, volume.name(), linked);
            }
            copies.add(new DiskCopy(disk, volume, newName));
        }
        if (!linked) {
            requireRoom(copies);
        }
        return copies;
    }

    /**
     * A full clone writes what its sources hold: refused before any task when a pool has not that much free (as
     * CloudStack's storage allocator refuses a pool that cannot take a volume). A pool whose backend does not say
     * how much is free is let through.
     */
    private void requireRoom(List<DiskCopy> copies) {
        Map<String, Long> needed = new LinkedHashMap<>();
        Map<String, SeenVolume> pools = new LinkedHashMap<>();
        for (DiskCopy copy : copies) {
            String key = copy.volume().hostId() + "/" + copy.volume().pool();
            long bytes = storage.volume(
                            copy.volume().hostId(),
                            copy.volume().pool(),
                            copy.volume().name())
                    .allocationBytes();
            needed.merge(key, Math.max(0, bytes), Long::sum);
            pools.putIfAbsent(key, copy.volume());
        }
        for (Map.Entry<String, Long> need : needed.entrySet()) {
            SeenVolume where = pools.get(need.getKey());
            StoragePool pool = storage.pool(where.hostId(), where.pool());
            if (pool.freeBytes() != null && pool.freeBytes() < need.getValue()) {
                throw StrataException.conflict("storage pool '" + where.pool() + "' has " + mib(pool.freeBytes())
                        + " MiB free, and the clone's copies need " + mib(need.getValue()) + " MiB");
            }
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }

    /** "web-2-vda.qcow2" for the clone "web-2" of a VM whose vda is "web.qcow2": the name says whose disk it is. */
    static String volumeName(String vmName, VmDisk disk, int index, String sourceName, boolean linked) {
        String target = disk.target() == null ? "disk" + index : disk.target();
        int dot = sourceName.lastIndexOf('.');
        String extension = dot > 0 ? sourceName.substring(dot) : "";
        if (linked && !extension.isEmpty()) {
            extension = ".qcow2";
        }
        return vmName + "-" + target + extension;
    }

    private static VmSpec renamed(VmSpec spec, String name) {
        // New MACs: two VMs with one MAC on a network break both.
        List<VmNic> nics = spec.nics().stream()
                .map(n -> new VmNic(n.attachment(), n.source(), null, n.model()))
                .toList();
        return new VmSpec(
                name,
                spec.cpus(),
                spec.memoryMb(),
                spec.guestMode(),
                spec.disks(),
                nics,
                spec.pciDevices(),
                spec.bootOrder(),
                spec.graphics(),
                spec.serialConsole(),
                spec.resources());
    }

    private static VmSpec withSources(VmSpec spec, Map<String, String> sources, boolean linked) {
        List<VmDisk> disks = spec.disks().stream()
                .map(d -> sources.containsKey(d.source()) && !"cdrom".equals(d.device())
                        ? new VmDisk(
                                d.device(),
                                sources.get(d.source()),
                                linked ? "qcow2" : d.format(),
                                d.bus(),
                                d.target(),
                                d.readOnly())
                        : d)
                .toList();
        return new VmSpec(
                spec.name(),
                spec.cpus(),
                spec.memoryMb(),
                spec.guestMode(),
                disks,
                spec.nics(),
                spec.pciDevices(),
                spec.bootOrder(),
                spec.graphics(),
                spec.serialConsole(),
                spec.resources());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private record DiskCopy(VmDisk disk, SeenVolume volume, String newName) {}
}
