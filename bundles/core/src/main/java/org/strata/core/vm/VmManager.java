package org.strata.core.vm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.monitor.HostSample;
import org.strata.api.monitor.VmSample;
import org.strata.api.operation.Operation;
import org.strata.api.operation.OperationTarget;
import org.strata.api.operation.Operations;
import org.strata.api.task.Task;
import org.strata.api.vm.Console;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmService;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.core.CoreSettings;
import org.strata.core.events.EventLog;
import org.strata.core.layers.LayerHooks;
import org.strata.core.monitoring.MetricsStore;
import org.strata.core.sessions.HostSessions;
import org.strata.core.storage.DiskCredentials;
import org.strata.core.tasks.TaskManager;
import org.strata.engine.AdmissionControl;
import org.strata.engine.Lane;
import org.strata.engine.TaskCancelledException;
import org.strata.engine.TaskContext;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.engine.TaskWork;
import org.strata.engine.VmClaim;
import org.strata.repository.DatacenterStore;
import org.strata.repository.HostStore;
import org.strata.repository.NewEvent;
import org.strata.repository.StoredHost;
import org.strata.repository.VmStore;
import org.strata.repository.VolumeStore;
import org.strata.spi.Capability;
import org.strata.spi.Endpoint;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.MigrationMonitor;
import org.strata.spi.hypervisor.VmInfo;

/**
 * The VM service. Every request is checked before a task starts: the spec's shape (400), the VM's power
 * state against {@link VmStateMachine} (409) and the host's capabilities (501). A task then asks the
 * hypervisor first and writes the inventory only once it accepted, so a refused change leaves the inventory
 * as it was.
 *
 * <p>When the hypervisor accepted a change but the inventory write fails (the database went away), the task
 * fails with INTERNAL saying so and the error is logged; the periodic reconcile ({@code VmSynchronizer}) then
 * brings the inventory in line with the host, as it does for changes made with virsh.
 */
@Component(
        service = {VmService.class, VmManager.class},
        configurationPid = "org.strata.core",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class VmManager implements VmService {

    private static final Logger LOG = LoggerFactory.getLogger(VmManager.class);

    private final VmStore repository;
    private final HostStore hostStore;
    private final HostSessions sessions;
    private final TaskManager tasks;
    private final EventLog events;
    private final InFlight inFlight;
    private final MetricsStore metrics;
    private final Clock clock;
    private final Duration defaultShutdownTimeout;
    private final Duration pollInterval;
    private final LayerHooks hooks;
    private final DatacenterStore pools;
    private final VolumeStore volumes;
    private final DiskCredentials credentials;

    @Activate
    public VmManager(
            @Reference VmStore repository,
            @Reference HostStore hostStore,
            @Reference HostSessions sessions,
            @Reference TaskManager tasks,
            @Reference EventLog events,
            @Reference InFlight inFlight,
            @Reference MetricsStore metrics,
            @Reference LayerHooks hooks,
            @Reference DatacenterStore pools,
            @Reference VolumeStore volumes,
            @Reference DiskCredentials credentials,
            CoreSettings settings) {
        this(
                repository,
                hostStore,
                sessions,
                tasks,
                events,
                inFlight,
                metrics,
                Clock.systemUTC(),
                Duration.ofSeconds(Math.max(1, settings.vm_shutdown_timeout_seconds())),
                Duration.ofSeconds(1),
                hooks,
                pools,
                volumes,
                credentials);
    }

    /**
     * @param pollInterval how often a graceful shutdown asks whether the VM has stopped
     */
    public VmManager(
            VmStore repository,
            HostStore hostStore,
            HostSessions sessions,
            TaskManager tasks,
            EventLog events,
            InFlight inFlight,
            MetricsStore metrics,
            Clock clock,
            Duration defaultShutdownTimeout,
            Duration pollInterval,
            LayerHooks hooks,
            DatacenterStore pools,
            VolumeStore volumes,
            DiskCredentials credentials) {
        this.credentials = credentials;
        this.hooks = hooks;
        this.pools = pools;
        this.volumes = volumes;
        this.repository = repository;
        this.hostStore = hostStore;
        this.sessions = sessions;
        this.tasks = tasks;
        this.events = events;
        this.inFlight = inFlight;
        this.metrics = metrics;
        this.clock = clock;
        this.defaultShutdownTimeout = defaultShutdownTimeout;
        this.pollInterval = pollInterval;
    }

    // ---- reading

    @Override
    public Page<VirtualMachine> vms(String hostId, PageRequest page) {
        return repository.vms(hostId == null || hostId.isBlank() ? null : hostId, page);
    }

    @Override
    public Page<VirtualMachine> vmsInPools(Set<String> poolIds, PageRequest page) {
        return repository.vmsInPools(Set.copyOf(poolIds), page);
    }

    @Override
    public VirtualMachine vm(String id) {
        return stored(id);
    }

    @Override
    public List<Console> consoles(String id) {
        Target t = target(id);
        requireCapability(t.host, Capability.CONSOLE, "show consoles");
        return sessions.call(t.host, s -> s.consoles(t.vm.hypervisorId())).stream()
                .map(VmSpecs::console)
                .toList();
    }

    /**
     * Read-only and asked now, as {@link #consoles}: no task, since nothing changes and an operator waits for the
     * answer (the driver bounds the agent's time). The driver's presence is checked before the state, as for the
     * lifecycle actions; the inventory's state decides 409 (a VM that stopped meanwhile is "no agent" from the driver).
     */
    @Override
    public VmGuest guest(String id) {
        Target t = target(id);
        sessions.capabilities(t.host); // DRIVER_UNAVAILABLE while the host's driver is away
        if (t.vm.state() != VmState.RUNNING) {
            throw StrataException.conflict("VM '" + t.vm.name() + "' is " + t.vm.state()
                    + ": only a running VM's guest agent can answer; allowed when RUNNING");
        }
        return VmSpecs.guest(sessions.call(t.host, s -> s.guestInfo(t.vm.hypervisorId())));
    }

    @Override
    public List<VmSample> stats(String id, Instant from, Instant to) {
        stored(id);
        return metrics.vm(id, from, to);
    }

    @Override
    public List<HostSample> hostStats(String hostId, Instant from, Instant to) {
        host(hostId);
        return metrics.host(hostId, from, to);
    }

    // ---- definition

    @Override
    public Task create(String hostId, String poolId, VmSpec spec, String principal) {
        VmSpec valid = VmValidation.spec(spec);
        String pool = poolId == null || poolId.isBlank() ? null : poolId;
        if (pool != null && pools.pool(pool).isEmpty()) {
            throw StrataException.invalid("pool '" + pool + "' does not exist");
        }
        String chosen = hostId;
        if (hostId == null || hostId.isBlank()) {
            chosen = hooks.placement()
                    .orElseThrow(() -> StrataException.invalid("hostId is required: nothing places VMs while the"
                            + " datacenter layer (feature strata-datacenter) is not running"))
                    .chooseHost(pool, valid, principal);
        }
        StoredHost host = host(chosen);
        sessions.vocabulary(host).spec(valid);
        requireCapability(host, Capability.VM_DEFINE, "define VMs");
        requireSpecCapabilities(host, valid);
        // The hypervisor checks too (a VM the inventory has not seen yet); this answers the common case at once.
        if (repository.hasVmNamed(host.id(), valid.name())) {
            throw StrataException.conflict("host '" + host.name() + "' already has a VM named '" + valid.name() + "'");
        }
        // Strata's id is also the VM's UUID on the hypervisor, so both ids coincide.
        String id = UUID.randomUUID().toString();
        VmClaim claim = new VmClaim(
                VmClaim.Kind.CREATE,
                id,
                valid.name(),
                host.id(),
                pool,
                valid.cpus(),
                valid.memoryMb(),
                volumes.storageGb(valid),
                principal);
        return admitted(
                claim,
                () -> tasks.submit("vm.create", "vm", id, principal, context -> {
                    try (InFlight.Operation op = inFlight.begin(id)) {
                        // Placement may have chosen a host power management powered off: it comes back first.
                        hooks.awaken(host.id(), context);
                        context.progress(10, "defining " + valid.name() + " on " + host.name());
                        VmInfo info =
                                sessions.call(host, s -> s.define(credentials.withAuth(VmSpecs.toSpi(valid, id))));
                        VmSpec stored = described(host, info.id()).orElse(valid);
                        context.progress(80, "recording " + valid.name());
                        afterHypervisor(
                                "record the new VM " + valid.name(),
                                host,
                                () -> repository.createVm(
                                        id,
                                        host.id(),
                                        info.id(),
                                        pool,
                                        stored,
                                        VmSpecs.state(info.state()),
                                        true,
                                        principal));
                        return id;
                    }
                }));
    }

    /**
     * Submits a task whose resources the datacenter layer admitted: the claim stays counted until the task has ended
     * (the inventory then shows the change, or nothing changed), and is let go at once when the submission fails.
     */
    Task admitted(VmClaim claim, java.util.function.Supplier<Task> submit) {
        AdmissionControl.Admission held = hooks.admit(claim);
        Task task;
        try {
            task = submit.get();
        } catch (RuntimeException e) {
            held.close();
            throw e;
        }
        tasks.whenEnded(task.id(), held::close);
        return task;
    }

    /** A claim for the VM as it will be: with {@code spec} when it changes, else as it is. */
    private VmClaim claim(VmClaim.Kind kind, VirtualMachine vm, String hostId, VmSpec spec, String principal) {
        VmSpec after = spec == null ? vm.spec() : spec;
        int cpus = spec == null ? vm.cpus() : spec.cpus();
        long memory = spec == null ? vm.memoryMb() : spec.memoryMb();
        // Storage only matters to quotas, which only a create or a resize changes.
        long storage = kind == VmClaim.Kind.CREATE || kind == VmClaim.Kind.RESIZE ? volumes.storageGb(after) : 0;
        return new VmClaim(kind, vm.id(), vm.name(), hostId, vm.poolId(), cpus, memory, storage, principal);
    }

    @Override
    public Task update(String id, VmSpec spec, String principal) {
        VmSpec valid = VmValidation.spec(spec);
        Target t = target(id);
        if (!valid.name().equals(t.vm.name())) {
            throw StrataException.invalid("name cannot change from '" + t.vm.name() + "' to '" + valid.name()
                    + "': a VM keeps its name on the hypervisor");
        }
        sessions.vocabulary(t.host).spec(valid);
        requireCapability(t.host, Capability.VM_DEFINE, "redefine VMs");
        requireSpecCapabilities(t.host, valid);
        checkState(t, VmAction.UPDATE);
        VmClaim resize = claim(VmClaim.Kind.RESIZE, t.vm, t.host.id(), valid, principal);
        return admitted(
                resize,
                () -> tasks.submit("vm.update", "vm", id, principal, context -> {
                    context.progress(10, "redefining " + t.vm.name());
                    sessions.call(
                            t.host,
                            s -> s.redefine(t.vm.hypervisorId(), forHost(t.vm, valid, t.vm.hypervisorId(), t.host)));
                    VmSpec stored = described(t.host, t.vm.hypervisorId()).orElse(valid);
                    afterHypervisor(
                            "record the new definition of " + t.vm.name(),
                            t.host,
                            () -> repository.updateVmSpec(id, stored, principal));
                    return id;
                }));
    }

    @Override
    public Task delete(String id, String principal) {
        Target t = target(id);
        List<VirtualMachine> clones = repository.linkedClonesOf(id);
        if (!clones.isEmpty()) {
            throw StrataException.conflict((t.vm.template() ? "template '" : "VM '") + t.vm.name()
                    + "' is used by linked clones " + VmValidation.names(clones)
                    + ": their disks read from its disks; delete them first");
        }
        requireCapability(t.host, Capability.VM_DEFINE, "undefine VMs");
        checkState(t, VmAction.DELETE);
        return tasks.submit("vm.delete", "vm", id, principal, context -> {
            try (InFlight.Operation op = inFlight.begin(t.vm.hypervisorId())) {
                context.progress(10, "undefining " + t.vm.name());
                try {
                    sessions.call(t.host, s -> {
                        s.undefine(t.vm.hypervisorId());
                        return null;
                    });
                } catch (StrataException e) {
                    // Already gone from the host (virsh undefine): the inventory should forget it all the same.
                    if (e.code() != ErrorCode.NOT_FOUND) {
                        throw e;
                    }
                }
                afterHypervisor("remove " + t.vm.name() + " from the inventory", t.host, () -> {
                    repository.deleteVm(id, principal);
                    return null;
                });
                metrics.forgetVm(id);
                return id;
            }
        });
    }

    // ---- lifecycle

    @Override
    public Task act(String id, String action, Integer timeoutSeconds, String principal) {
        return act(id, action, timeoutSeconds, principal, false);
    }

    /**
     * {@link #act} for the first API's inventory call ({@code InventoryService.powerVirtualMachine}), whose tasks
     * have always answered with the VM's power state afterwards ("RUNNING") rather than its id.
     */
    public Task power(String id, String action, String principal) {
        return act(id, action, null, principal, true);
    }

    /**
     * The work of {@link #power}, checked now (state machine, capability) but run by the caller's own task: the
     * first API's call, given a VM the inventory did not know yet, looks for it on its host in a task and then
     * powers it in that same task.
     */
    public TaskWork powerWork(String id, String action) {
        return lifecycle(id, Operations.require(OperationTarget.VM, "action", action), null, true)
                .work();
    }

    private Task act(String id, String action, Integer timeoutSeconds, String principal, boolean stateResult) {
        Operation operation = Operations.require(OperationTarget.VM, "action", action);
        Lifecycle checked = lifecycle(id, operation, timeoutSeconds, stateResult);
        TaskWork work = checked.work();
        if (operation.equals(Operations.VM_POWEROFF)) {
            // Power off is what an operator reaches for when a guest does not shut down: it takes over from a
            // graceful shutdown still waiting on the VM instead of queueing behind it for its whole time-out.
            tasks.live(TaskTarget.vm(id)).stream()
                    .filter(task -> task.operation().equals(Operations.VM_SHUTDOWN.task()))
                    .forEach(task -> tasks.cancelQuietly(task.id(), "a power off by " + principal));
        }
        // A graceful shutdown waits for the guest up to its time-out: on the lane for long work.
        Lane lane = operation.equals(Operations.VM_SHUTDOWN) ? Lane.LONG : Lane.NORMAL;
        TaskRequest request =
                TaskRequest.of(operation.task(), TaskTarget.vm(id), principal).on(lane);
        if (operation.equals(Operations.VM_START)) {
            Target t = checked.target();
            VirtualMachine vm = t.vm;
            // The layer may find that the VM's host can no longer take it (others started there, or power management
            // consolidated onto it): it starts on a host of its cluster that can, possibly one brought back from
            // standby, as vSphere's DRS places a powered-off VM at power-on.
            Optional<String> elsewhere =
                    vm.managed() && vm.spec() != null ? hooks.startHost(vm, principal) : Optional.empty();
            if (elsewhere.isPresent()) {
                StoredHost destination = host(elsewhere.get());
                checkColdMove(t, destination);
                return admitted(
                        claim(VmClaim.Kind.START, vm, destination.id(), null, principal),
                        () -> tasks.submit(request, startElsewhere(t, destination, stateResult, principal)));
            }
            return admitted(
                    claim(VmClaim.Kind.START, vm, vm.hostId(), null, principal),
                    () -> tasks.submit(request, leased(t, work)));
        }
        return tasks.submit(request, work);
    }

    /**
     * The start preceded, for an HA VM whose cluster keeps leases (docs/ha.md), by a redefinition that gives the VM its
     * lease: whatever its definition was (HA enabled while it ran, a definition made before), the copy that starts
     * holds it, so a second copy elsewhere cannot start.
     */
    private TaskWork leased(Target t, TaskWork start) {
        if (!t.vm.managed()
                || t.vm.spec() == null
                || !sessions.capabilities(t.host).contains(Capability.VM_LEASE)) {
            return start;
        }
        return context -> {
            var lease = hooks.lease(t.vm, t.host.id());
            if (lease.isPresent()) {
                String hv = t.vm.hypervisorId();
                sessions.call(
                        t.host,
                        s -> s.redefine(
                                hv,
                                credentials
                                        .withAuth(VmSpecs.toSpi(t.vm.spec(), hv))
                                        .withLease(lease.get())));
            }
            return start.run(context);
        };
    }

    /** The VM's definition for {@code host}, with its credentials and, for an HA VM, its lease. */
    org.strata.spi.hypervisor.VmSpec forHost(VirtualMachine vm, VmSpec spec, String hypervisorId, StoredHost host) {
        var spi = credentials.withAuth(VmSpecs.toSpi(spec, hypervisorId));
        if (!sessions.capabilities(host).contains(Capability.VM_LEASE)) {
            return spi;
        }
        return hooks.lease(vm, host.id()).map(spi::withLease).orElse(spi);
    }

    /**
     * A VM moves only to a host that sees its disks: for each disk on a storage pool attached to clusters or hosts
     * (docs/storage.md), the destination must be one of them. A pool without attachments constrains nothing.
     */
    void requireStorageSeen(VirtualMachine vm, StoredHost destination) {
        if (vm.spec() == null) {
            return;
        }
        var unseen = volumes.unseenBy(VolumeStore.diskSources(vm.spec()), destination.id());
        if (!unseen.isEmpty()) {
            var disk = unseen.entrySet().iterator().next();
            throw StrataException.conflict("host '" + destination.name() + "' does not see storage pool '"
                    + disk.getValue().pool() + "' that holds disk " + disk.getKey() + " of VM '" + vm.name()
                    + "': attach the pool to its cluster or to the host first");
        }
    }

    /**
     * A disk on an iSCSI LUN exported with CHAP needs its secret on the destination before QEMU there can open it, and
     * a live migration has no way to carry it yet (libvirt keeps the source's secret private): refused plainly before
     * any task rather than failed by the destination half-way.
     */
    private void requireNoChapDisk(VirtualMachine vm) {
        if (vm.spec() == null) {
            return;
        }
        for (var disk : vm.spec().disks()) {
            if (disk.source() != null && DiskCredentials.asksForCredentials(VmSpecs.toSpi(disk))) {
                throw StrataException.conflict("VM '" + vm.name() + "' has disk " + disk.source() + " on an iSCSI LUN"
                        + " exported with CHAP: live migration does not carry CHAP secrets to the destination yet;"
                        + " stop the VM and start it there instead");
            }
        }
    }

    /** What a stopped VM's move to another host needs, checked before any task: same driver, both define VMs. */
    private void checkColdMove(Target t, StoredHost destination) {
        requireStorageSeen(t.vm, destination);
        if (!destination.driverId().equals(t.host.driverId())) {
            throw StrataException.conflict("VM '" + t.vm.name() + "' cannot start on host '" + destination.name()
                    + "' (driver '" + destination.driverId() + "'): it is defined on a host of driver '"
                    + t.host.driverId() + "'");
        }
        requireCapability(t.host, Capability.VM_DEFINE, "undefine VMs");
        requireCapability(destination, Capability.VM_DEFINE, "define VMs");
        sessions.vocabulary(destination).receive(t.vm.name(), t.vm.spec());
    }

    /**
     * Starts a stopped VM on another host: brings that host back from standby if need be, defines the VM there with
     * the same UUID, undefines it on its old host (or, when that fails, undefines the new definition again, leaving
     * the VM where it was), records the move, then starts it. Its disks stay where they are: the cluster's hosts share
     * storage.
     */
    private TaskWork startElsewhere(Target t, StoredHost destination, boolean stateResult, String principal) {
        return context -> {
            String hv = t.vm.hypervisorId();
            hooks.awaken(destination.id(), context);
            context.progress(
                    30,
                    "moving " + t.vm.name() + " from " + t.host.name() + ", which cannot take it now, to "
                            + destination.name());
            try (InFlight.Operation op = inFlight.begin(hv)) {
                VmInfo defined = sessions.call(destination, s -> s.define(forHost(t.vm, t.vm.spec(), hv, destination)));
                try {
                    sessions.call(t.host, s -> {
                        s.undefine(hv);
                        return null;
                    });
                } catch (RuntimeException e) {
                    try {
                        sessions.call(destination, s -> {
                            s.undefine(defined.id());
                            return null;
                        });
                    } catch (RuntimeException undo) {
                        e.addSuppressed(undo);
                    }
                    throw e;
                }
                afterHypervisor("record that " + t.vm.name() + " moved to " + destination.name(), destination, () -> {
                    repository.moveVm(t.vm.id(), destination.id(), principal);
                    return null;
                });
                events.record(
                        Event.Severity.INFO,
                        "VM_MOVED",
                        "vm",
                        t.vm.id(),
                        "VM " + t.vm.name() + " moved, stopped, from host " + t.host.name() + " to "
                                + destination.name() + " to start there: " + t.host.name() + " could not take it");
                context.progress(60, "starting " + t.vm.name() + " on " + destination.name());
                Outcome outcome = power(new Target(stored(t.vm.id()), destination), s -> s.start(hv));
                return stateResult ? outcome.state().name() : outcome.result();
            }
        };
    }

    /** A lifecycle operation checked: the VM and host it was checked against, and the work that does it. */
    private record Lifecycle(Target target, TaskWork work) {}

    /** Checks a lifecycle operation now (parameters, state, capability) and returns the work that does it. */
    private Lifecycle lifecycle(String id, Operation operation, Integer timeoutSeconds, boolean stateResult) {
        Operations.checkParameter(operation, Operations.TIMEOUT, timeoutSeconds);
        VmAction act = VmAction.of(operation);
        Target t = target(id);
        if (t.vm.template() && act == VmAction.START) {
            throw StrataException.conflict(
                    "VM '" + t.vm.name() + "' is a template: deploy a clone of it to run it, or" + " unmark it first");
        }
        requireCapability(t.host, Capability.valueOf(operation.capability()), act.word() + " VMs");
        checkState(t, act);
        Duration timeout = timeoutSeconds == null ? defaultShutdownTimeout : Duration.ofSeconds(timeoutSeconds);
        return new Lifecycle(t, context -> {
            context.progress(10, act.word() + " " + t.vm.name() + " on " + t.host.name());
            String hv = t.vm.hypervisorId();
            // The hypervisor's events about this change (started, stopped) would have the synchronizer read the
            // VM and ask the host again for what this task records itself.
            if (act == VmAction.START) {
                // A VM defined on a host power management powered off starts once its host is back.
                hooks.awaken(t.host.id(), context);
            }
            try (InFlight.Operation op = inFlight.begin(hv)) {
                Outcome outcome = switch (act) {
                    case START -> power(t, s -> s.start(hv));
                    case REBOOT -> power(t, s -> s.reboot(hv));
                    case RESET -> power(t, s -> s.reset(hv));
                    case SUSPEND -> power(t, s -> s.suspend(hv));
                    case RESUME -> power(t, s -> s.resume(hv));
                    case POWEROFF -> power(t, s -> s.powerOff(hv));
                    case SHUTDOWN -> shutdown(t, timeout, context);
                    default -> throw new IllegalStateException("not a lifecycle action: " + act);
                };
                return stateResult ? outcome.state().name() : outcome.result();
            }
        });
    }

    /**
     * What a lifecycle operation ends with: its task's result, and the state the hypervisor reported right after
     * it (read in the same session call as the operation, so that the legacy route's state result costs no second
     * call to the driver).
     */
    private record Outcome(String result, VmState state) {}

    private Outcome power(Target t, java.util.function.Consumer<HypervisorSession> operation) {
        VmInfo after = sessions.call(t.host, s -> {
            operation.accept(s);
            return s.vm(t.vm.hypervisorId());
        });
        VmState state = VmSpecs.state(after.state());
        recordState(t, state);
        return new Outcome(t.vm.id(), state);
    }

    /** Asks the guest to stop, waits up to {@code timeout} for it, then cuts the power and says so. */
    private Outcome shutdown(Target t, Duration timeout, TaskContext context) throws InterruptedException {
        String hv = t.vm.hypervisorId();
        sessions.call(t.host, s -> {
            s.shutdown(hv);
            return null;
        });
        Instant deadline = clock.instant().plus(timeout);
        context.progress(20, "waiting up to " + timeout.toSeconds() + " s for " + t.vm.name() + " to stop");
        while (true) {
            context.checkCancelled();
            VmState state = VmSpecs.state(sessions.call(t.host, s -> s.vm(hv)).state());
            if (state == VmState.STOPPED) {
                recordState(t, state);
                return new Outcome(t.vm.id(), state);
            }
            if (!clock.instant().isBefore(deadline)) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(pollInterval.toMillis()); // an interrupt here is a cancellation
        }
        context.progress(90, t.vm.name() + " did not stop within " + timeout.toSeconds() + " s; powering off");
        VmState after = power(t, s -> s.powerOff(hv)).state();
        return new Outcome(
                t.vm.id() + " powered off: the guest did not shut down within " + timeout.toSeconds() + " s", after);
    }

    // ---- devices

    @Override
    public Task attachDisk(String id, VmDisk disk, String principal) {
        VmDisk valid = VmValidation.disk(disk, "disk");
        Target t = target(id);
        sessions.vocabulary(t.host).disk(valid, "disk");
        VmState state = requireDeviceChange(t);
        if (valid.target() != null
                && t.vm.spec().disks().stream().anyMatch(d -> valid.target().equals(d.target()))) {
            throw StrataException.conflict("VM '" + t.vm.name() + "' already has a disk " + valid.target());
        }
        // A disk adds storage: the tenant's storage quota decides first, as for a resize.
        List<VmDisk> withDisk = new ArrayList<>(t.vm.spec().disks());
        withDisk.add(valid);
        VmClaim grow =
                claim(VmClaim.Kind.RESIZE, t.vm, t.host.id(), VmSpecs.withDisks(t.vm.spec(), withDisk), principal);
        return admitted(
                grow,
                () -> tasks.submit("vm.disk.attach", "vm", id, principal, context -> {
                    context.progress(
                            10, "attaching a disk to " + t.vm.name() + (VmStateMachine.isLive(state) ? " (live)" : ""));
                    VmDisk attached = VmSpecs.disk(sessions.call(
                            t.host,
                            s -> s.attachDisk(t.vm.hypervisorId(), credentials.withAuth(VmSpecs.toSpi(valid)))));
                    List<VmDisk> disks = new ArrayList<>(current(t).disks());
                    // The synchronizer may have read the new disk from the host already (its device event): once.
                    disks.removeIf(
                            d -> attached.target() != null && attached.target().equals(d.target()));
                    disks.add(attached);
                    writeSpec(
                            t,
                            "record the new disk of " + t.vm.name(),
                            spec -> VmSpecs.withDisks(spec, disks),
                            principal);
                    return id;
                }));
    }

    @Override
    public Task detachDisk(String id, String target, String principal) {
        String valid = VmValidation.target(target);
        Target t = target(id);
        requireDeviceChange(t);
        if (t.vm.spec().disks().stream().noneMatch(d -> valid.equals(d.target()))) {
            throw new StrataException(ErrorCode.NOT_FOUND, "VM '" + t.vm.name() + "' has no disk " + valid);
        }
        return tasks.submit("vm.disk.detach", "vm", id, principal, context -> {
            context.progress(10, "detaching " + valid + " from " + t.vm.name());
            sessions.call(t.host, s -> {
                s.detachDisk(t.vm.hypervisorId(), valid);
                return null;
            });
            writeSpec(
                    t,
                    "record the removal of disk " + valid,
                    spec -> VmSpecs.withDisks(
                            spec,
                            spec.disks().stream()
                                    .filter(d -> !valid.equals(d.target()))
                                    .toList()),
                    principal);
            return id;
        });
    }

    @Override
    public Task attachNic(String id, VmNic nic, String principal) {
        VmNic valid = VmValidation.nic(nic, "nic");
        Target t = target(id);
        sessions.vocabulary(t.host).nic(valid, "nic");
        VmState state = requireDeviceChange(t);
        if (valid.mac() != null
                && t.vm.spec().nics().stream().anyMatch(n -> valid.mac().equalsIgnoreCase(n.mac()))) {
            throw StrataException.conflict("VM '" + t.vm.name() + "' already has a NIC " + valid.mac());
        }
        return tasks.submit("vm.nic.attach", "vm", id, principal, context -> {
            context.progress(10, "attaching a NIC to " + t.vm.name() + (VmStateMachine.isLive(state) ? " (live)" : ""));
            VmNic attached =
                    VmSpecs.nic(sessions.call(t.host, s -> s.attachNic(t.vm.hypervisorId(), VmSpecs.toSpi(valid))));
            List<VmNic> nics = new ArrayList<>(current(t).nics());
            // As for disks: the synchronizer may have recorded the new card already.
            nics.removeIf(n -> attached.mac() != null && attached.mac().equalsIgnoreCase(n.mac()));
            nics.add(attached);
            writeSpec(t, "record the new NIC of " + t.vm.name(), spec -> VmSpecs.withNics(spec, nics), principal);
            return id;
        });
    }

    @Override
    public Task detachNic(String id, String mac, String principal) {
        String valid = VmValidation.mac(mac, "mac", false);
        Target t = target(id);
        requireDeviceChange(t);
        if (t.vm.spec().nics().stream().noneMatch(n -> valid.equalsIgnoreCase(n.mac()))) {
            throw new StrataException(ErrorCode.NOT_FOUND, "VM '" + t.vm.name() + "' has no NIC " + valid);
        }
        return tasks.submit("vm.nic.detach", "vm", id, principal, context -> {
            context.progress(10, "detaching NIC " + valid + " from " + t.vm.name());
            sessions.call(t.host, s -> {
                s.detachNic(t.vm.hypervisorId(), valid);
                return null;
            });
            writeSpec(
                    t,
                    "record the removal of NIC " + valid,
                    spec -> VmSpecs.withNics(
                            spec,
                            spec.nics().stream()
                                    .filter(n -> !valid.equalsIgnoreCase(n.mac()))
                                    .toList()),
                    principal);
            return id;
        });
    }

    @Override
    public Task setResources(String id, VmResources resources, String principal) {
        Target t = target(id);
        if (resources == null) {
            throw StrataException.invalid("resources are required");
        }
        VmResources valid = VmValidation.resources(resources, t.vm.memoryMb());
        if (valid == null) {
            throw StrataException.invalid("resources must set at least one field");
        }
        requireCapability(t.host, Capability.RESOURCE_SETTINGS, "apply resource settings");
        return tasks.submit("vm.resources", "vm", id, principal, context -> {
            context.progress(10, "applying resource settings to " + t.vm.name());
            sessions.call(t.host, s -> {
                s.applyResources(t.vm.hypervisorId(), VmSpecs.toSpi(valid));
                return null;
            });
            writeSpec(
                    t,
                    "record the resource settings of " + t.vm.name(),
                    spec -> VmSpecs.withResources(spec, VmSpecs.merge(spec.resources(), valid)),
                    principal);
            return id;
        });
    }

    // ---- migration

    @Override
    public Task migrate(String id, String targetHostId, String principal) {
        if (targetHostId == null || targetHostId.isBlank()) {
            throw StrataException.invalid("targetHostId is required");
        }
        Target t = target(id);
        StoredHost destination = hostStore
                .host(targetHostId)
                .orElseThrow(() -> StrataException.invalid("target host '" + targetHostId + "' does not exist"));
        if (destination.id().equals(t.host.id())) {
            throw StrataException.invalid("VM '" + t.vm.name() + "' already runs on host '" + destination.name() + "'");
        }
        if (!destination.driverId().equals(t.host.driverId())) {
            throw StrataException.invalid("host '" + destination.name() + "' has driver '" + destination.driverId()
                    + "', but VM '" + t.vm.name() + "' can only move to another host of driver '"
                    + t.host.driverId() + "'");
        }
        requireCapability(t.host, Capability.LIVE_MIGRATION, "migrate VMs");
        requireCapability(destination, Capability.LIVE_MIGRATION, "receive migrated VMs");
        // The VM arrives as it is: its disks and NICs must be what the destination's driver takes (a VM recorded
        // from the host, or before its driver's vocabulary narrowed, may have others), and that is told before any
        // driver is asked.
        if (t.vm.spec() != null) {
            sessions.vocabulary(destination).receive(t.vm.name(), t.vm.spec());
        }
        requireStorageSeen(t.vm, destination);
        requireNoChapDisk(t.vm);
        checkState(t, VmAction.MIGRATE);
        VmClaim move = claim(VmClaim.Kind.MIGRATE, t.vm, destination.id(), null, principal);
        return admitted(
                move,
                () -> tasks.submit(
                        TaskRequest.of("vm.migrate", TaskTarget.vm(id), principal)
                                .on(Lane.LONG),
                        context -> {
                            try (InFlight.Operation op = inFlight.begin(t.vm.hypervisorId())) {
                                context.progress(
                                        1,
                                        "migrating " + t.vm.name() + " from " + t.host.name() + " to "
                                                + destination.name());
                                Endpoint to = sessions.endpoint(destination);
                                Monitor monitor = new Monitor(context);
                                VmInfo moved;
                                try {
                                    moved = sessions.call(t.host, s -> s.migrate(t.vm.hypervisorId(), to, monitor));
                                } catch (StrataException e) {
                                    if (monitor.cancelled()) {
                                        throw new TaskCancelledException();
                                    }
                                    throw e;
                                }
                                afterHypervisor(
                                        "record that " + t.vm.name() + " moved to " + destination.name(),
                                        t.host,
                                        () -> {
                                            repository.moveVm(id, destination.id(), principal);
                                            return repository.updateVmState(id, VmSpecs.state(moved.state()));
                                        });
                                events.record(
                                        Event.Severity.INFO,
                                        "VM_MIGRATED",
                                        "vm",
                                        id,
                                        "VM " + t.vm.name() + " moved from host " + t.host.name() + " to "
                                                + destination.name());
                                return id;
                            }
                        }));
    }

    /** The task's context as a driver's migration monitor; cancellation is read, never thrown into the driver. */
    private static final class Monitor implements MigrationMonitor {
        private final TaskContext context;
        private volatile boolean cancelled;

        Monitor(TaskContext context) {
            this.context = context;
        }

        @Override
        public void progress(int percent, String message) {
            try {
                context.progress(Math.max(1, Math.min(99, percent)), message);
            } catch (TaskCancelledException e) {
                cancelled = true;
            }
        }

        @Override
        public boolean cancelled() {
            if (!cancelled) {
                try {
                    context.checkCancelled();
                } catch (TaskCancelledException e) {
                    cancelled = true;
                }
            }
            return cancelled;
        }
    }

    // ---- helpers

    record Target(VirtualMachine vm, StoredHost host) {}

    Target target(String vmId) {
        VirtualMachine vm = stored(vmId);
        return new Target(vm, host(vm.hostId()));
    }

    private VirtualMachine stored(String id) {
        if (id == null || id.isBlank()) {
            throw StrataException.invalid("a VM id is required");
        }
        return repository.vm(id).orElseThrow(() -> StrataException.notFound("VM", id));
    }

    StoredHost host(String id) {
        if (id == null || id.isBlank()) {
            throw StrataException.invalid("hostId is required");
        }
        return hostStore.host(id).orElseThrow(() -> StrataException.notFound("host", id));
    }

    /** The spec as the inventory has it now (another task may have changed it since the request came in). */
    private VmSpec current(Target t) {
        return repository.vm(t.vm.id()).map(VirtualMachine::spec).orElse(t.vm.spec());
    }

    private void writeSpec(Target t, String what, Function<VmSpec, VmSpec> change, String principal) {
        afterHypervisor(what, t.host, () -> repository.updateVmSpec(t.vm.id(), change.apply(current(t)), principal));
    }

    /** The state to check against: the inventory's, asked of the hypervisor when the inventory does not know. */
    VmState state(Target t) {
        if (t.vm.state() != VmState.UNKNOWN) {
            return t.vm.state();
        }
        VmState live = VmSpecs.state(
                sessions.call(t.host, s -> s.vm(t.vm.hypervisorId())).state());
        recordState(t, live);
        return live;
    }

    void checkState(Target t, VmAction action) {
        VmStateMachine.check(action, state(t), t.vm.name());
    }

    /** A device change: any state, but a running VM needs hot-plug and a stopped one a definition edit. */
    private VmState requireDeviceChange(Target t) {
        VmState state = state(t);
        VmStateMachine.check(VmAction.DEVICE, state, t.vm.name());
        if (VmStateMachine.isLive(state)) {
            requireCapability(t.host, Capability.DEVICE_HOTPLUG, "change devices of a running VM");
        } else {
            requireCapability(t.host, Capability.VM_DEFINE, "change devices of a stopped VM");
        }
        return state;
    }

    void requireCapability(StoredHost host, Capability capability, String what) {
        Set<Capability> capabilities = sessions.capabilities(host);
        if (!capabilities.contains(capability)) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "host '" + host.name() + "' (driver '" + host.driverId() + "') cannot " + what + ": it lacks "
                            + capability);
        }
    }

    private void requireSpecCapabilities(StoredHost host, VmSpec spec) {
        if (!spec.pciDevices().isEmpty()) {
            requireCapability(host, Capability.PCI_PASSTHROUGH, "pass PCI devices through");
        }
        if (spec.resources() != null) {
            requireCapability(host, Capability.RESOURCE_SETTINGS, "apply resource settings");
        }
    }

    /** The definition as the hypervisor reads it back (with the targets and MACs it chose), when it can. */
    Optional<VmSpec> described(StoredHost host, String hypervisorId) {
        try {
            return Optional.of(VmSpecs.fromSpi(sessions.call(host, s -> s.describe(hypervisorId))));
        } catch (StrataException e) {
            LOG.debug("Could not read back the definition of {} on {}: {}", hypervisorId, host.name(), e.getMessage());
            return Optional.empty();
        }
    }

    void recordState(Target t, VmState state) {
        try {
            // One transaction reads, compares, writes and records the event (before: a read, the write's own
            // transaction, and the event's).
            events.recordAlong(() -> repository.changeVmState(
                    t.vm.id(),
                    state,
                    new NewEvent(
                            Event.Severity.INFO,
                            "VM_STATE_CHANGED",
                            "vm",
                            t.vm.id(),
                            "VM " + t.vm.name() + " is now " + state)));
        } catch (StrataException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return; // removed meanwhile: there is no state to record
            }
            LOG.warn("Could not record that VM {} is {}: {}; the reconcile will", t.vm.id(), state, e.getMessage());
        }
    }

    /**
     * Runs the inventory write that follows a change the hypervisor already made. On failure the change is
     * real but unrecorded: say so plainly; the reconcile records it later.
     */
    <T> T afterHypervisor(String what, StoredHost host, java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (StrataException e) {
            LOG.error("Host {} made a change but the inventory could not {}: {}", host.name(), what, e.getMessage());
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "host '" + host.name() + "' made the change, but the"
                            + " inventory could not " + what + " ("
                            + e.getMessage().toLowerCase(Locale.ROOT)
                            + "); the periodic reconcile will record it");
        }
    }
}
