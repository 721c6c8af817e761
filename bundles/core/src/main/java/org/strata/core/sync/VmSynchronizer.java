package org.strata.core.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.core.CoreSettings;
import org.strata.core.HostRound;
import org.strata.core.Rounds;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.events.EventLog;
import org.strata.core.sessions.HostSessions;
import org.strata.core.vm.InFlight;
import org.strata.core.vm.VmSpecs;
import org.strata.repository.HostStore;
import org.strata.repository.NewEvent;
import org.strata.repository.NewVm;
import org.strata.repository.StoredHost;
import org.strata.repository.VmStore;
import org.strata.spi.Capability;
import org.strata.spi.DriverKind;
import org.strata.spi.Reasons;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;

/**
 * Keeps the inventory's VMs in line with what the hosts say, whoever changed them (Strata, virsh, the guest).
 * Two sources: the drivers' lifecycle events, applied within moments, and a periodic reconcile of every
 * available hypervisor host, which repairs whatever an event missed (a lost connection, a driver without
 * events): it records VMs it has not seen (as unmanaged), forgets vanished ones, and updates power states and
 * definitions that changed. Definitions are read in full every {@value #FULL_ROUND_EVERY}th round, at every
 * explicit reconcile and for hosts without lifecycle events; in the other rounds a host that sends events has a
 * VM's definition read only when its name, CPUs or memory differ from the inventory's.
 *
 * <p>Events arrive on the driver's thread and are only queued there. Event handling and reconciles all run on
 * one thread, in order, so they never race each other; VMs a Strata task is changing ({@link InFlight}) are
 * left to that task. A periodic round compares {@code reconcile.parallelism} hosts at once on helper threads
 * while that thread waits for the whole round: hosts do not share VMs, and an event still waits for the round.
 */
@Component(
        service = VmSynchronizer.class,
        immediate = true,
        configurationPid = "org.strata.core",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class VmSynchronizer {

    /** Who the history names for changes the synchronizer records. */
    public static final String PRINCIPAL = "strata-sync";

    /**
     * Every how many rounds the periodic reconcile reads every VM's definition even from hosts that send lifecycle
     * events: reading them all each round was most of a round's cost (one describe per VM), and those hosts report
     * definition changes as events anyway. The full round repairs what a lost event connection missed.
     */
    static final int FULL_ROUND_EVERY = 10;

    private static final Logger LOG = LoggerFactory.getLogger(VmSynchronizer.class);

    private final VmStore repository;
    private final HostStore hostStore;
    private final DriverRegistry drivers;
    private final HostSessions sessions;
    private final EventLog events;
    private final InFlight inFlight;
    private final ScheduledExecutorService worker;
    private final AutoCloseable subscription;
    private final AutoCloseable arrivals;
    private final Rounds rounds;
    private final HostRound hosts;
    /** Rounds run so far; touched by the worker thread only. */
    private long round;

    @Activate
    public VmSynchronizer(
            @Reference VmStore repository,
            @Reference HostStore hostStore,
            @Reference DriverRegistry drivers,
            @Reference HostSessions sessions,
            @Reference EventLog events,
            @Reference InFlight inFlight,
            CoreSettings settings) {
        this(
                repository,
                hostStore,
                drivers,
                sessions,
                events,
                inFlight,
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "strata-vm-sync");
                    thread.setDaemon(true);
                    return thread;
                }),
                Duration.ofSeconds(Math.max(1, settings.reconcile_interval_seconds())),
                HostRound.configured(settings.reconcile_parallelism()));
    }

    /** One host at a time. */
    public VmSynchronizer(
            VmStore repository,
            HostStore hostStore,
            DriverRegistry drivers,
            HostSessions sessions,
            EventLog events,
            InFlight inFlight,
            ScheduledExecutorService worker,
            Duration interval) {
        this(repository, hostStore, drivers, sessions, events, inFlight, worker, interval, 1);
    }

    /**
     * @param worker   runs event handling and reconciles; one thread keeps them in order. Closed by {@link #close}.
     * @param interval between two reconciles of all hosts; zero for none (tests call {@link #reconcile})
     * @param parallelism hosts a periodic round reconciles at once ({@code reconcile.parallelism})
     */
    // The periodic rounds run until the scheduler is shut down on close and catch their own failures: no future to
    // keep.
    @SuppressWarnings("FutureReturnValueIgnored")
    public VmSynchronizer(
            VmStore repository,
            HostStore hostStore,
            DriverRegistry drivers,
            HostSessions sessions,
            EventLog events,
            InFlight inFlight,
            ScheduledExecutorService worker,
            Duration interval,
            int parallelism) {
        this.repository = repository;
        this.hosts = new HostRound("strata-vm-sync", parallelism);
        this.hostStore = hostStore;
        this.drivers = drivers;
        this.sessions = sessions;
        this.events = events;
        this.inFlight = inFlight;
        this.worker = worker;
        this.rounds = new Rounds(VmSynchronizer.class, "Reconcile round", "reconcile.interval.seconds", interval);
        this.subscription = sessions.onVmEvent(this::onEvent);
        // A driver that arrives (at start-up, or updated at run time) has its hosts caught up with at once, so
        // that their VMs are in the inventory within moments, not at the next round.
        this.arrivals = drivers.onArrival(driverId ->
                queue(() -> hostStore.hostsOfDriver(driverId).forEach(host -> reconcileQuietly(host, true))));
        if (!interval.isZero()) {
            // The first round at once covers the drivers that were there before this subscribed.
            worker.scheduleWithFixedDelay(this::reconcileAll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    public void close() {
        try {
            subscription.close();
            arrivals.close();
        } catch (Exception e) {
            LOG.debug("Could not unsubscribe from VM events", e);
        }
        worker.shutdownNow();
        hosts.close();
    }

    /** Called on the driver's thread: queue and return. */
    private void onEvent(String hostId, VmEvent event) {
        try {
            worker.execute(() -> handle(hostId, event));
        } catch (RejectedExecutionException e) {
            LOG.debug("VM event {} of {} dropped: shutting down", event.type(), event.vmId());
        }
    }

    /** Queues a reconcile of one host (a host just added) and returns at once. */
    public void reconcileSoon(String hostId) {
        queue(() -> hostStore.host(hostId).ifPresent(host -> reconcileQuietly(host, true)));
    }

    private void queue(Runnable work) {
        try {
            worker.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.debug("Reconcile not queued: shutting down");
        }
    }

    private void reconcileQuietly(StoredHost host, boolean full) {
        if (!drivers.descriptor(host.driverId())
                .map(d -> d.kind() == DriverKind.HYPERVISOR)
                .orElse(false)) {
            return;
        }
        try {
            reconcileHost(host, full);
        } catch (RuntimeException e) {
            // An unreachable host is recorded as such by the sessions; nothing to repair until it answers.
            LOG.debug("Reconcile of host {} skipped: {}", host.name(), e.getMessage());
        }
    }

    /**
     * Reconciles one host now, in turn with events and other reconciles, and waits for it.
     *
     * @return what changed, in a few words
     */
    public String reconcile(String hostId) throws InterruptedException {
        try {
            return worker.submit(() -> reconcileHost(host(hostId), true)).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StrataException s) {
                throw s;
            }
            throw new IllegalStateException("reconcile of host " + hostId + " failed", e.getCause());
        } catch (RejectedExecutionException e) {
            throw new StrataException(ErrorCode.INTERNAL, "the VM synchronizer is stopping");
        }
    }

    private StoredHost host(String hostId) {
        return hostStore.host(hostId).orElseThrow(() -> StrataException.notFound("host", hostId));
    }

    // ---- events

    private void handle(String hostId, VmEvent event) {
        try {
            Optional<StoredHost> host = hostStore.host(hostId);
            if (host.isEmpty() || inFlight.contains(event.vmId())) {
                return;
            }
            Optional<VirtualMachine> known = repository.vmByHypervisorId(hostId, event.vmId());
            if (event.type() == VmEvent.Type.UNDEFINED) {
                // The driver's detail goes into an event: in words, as every driver text users read.
                String detail = Reasons.inWords(event.detail());
                known.ifPresent(vm -> forget(
                        vm,
                        "was undefined on host " + host.get().name() + (detail == null ? "" : " (" + detail + ")")));
                return;
            }
            Optional<VmInfo> live = live(host.get(), event.vmId());
            if (live.isEmpty()) {
                return; // gone again already: its UNDEFINED event, or the reconcile, will say so
            }
            boolean definitionChanged = event.type() == VmEvent.Type.DEFINED || event.type() == VmEvent.Type.CHANGED;
            observe(host.get(), live.get(), known.orElse(null), definitionChanged, new Tally());
        } catch (RuntimeException e) {
            LOG.warn("Could not apply {} of VM {} on host {}: {}", event.type(), event.vmId(), hostId, e.getMessage());
        }
    }

    private Optional<VmInfo> live(StoredHost host, String hypervisorId) {
        try {
            return Optional.of(sessions.call(host, s -> s.vm(hypervisorId)));
        } catch (StrataException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    // ---- reconcile

    private void reconcileAll() {
        try {
            long start = System.nanoTime();
            boolean full = round++ % FULL_ROUND_EVERY == 0;
            List<StoredHost> all = allHosts();
            // The worker thread waits for every host: events still come after the round, as on one thread.
            hosts.forEach(all, host -> reconcileQuietly(host, full));
            rounds.done(
                    start,
                    all.size() + " hosts" + (full ? ", definitions read" : "")
                            + (hosts.parallelism() > 1 ? ", " + hosts.parallelism() + " hosts at a time" : ""));
        } catch (RuntimeException e) {
            // Never let one failure end the schedule.
            LOG.warn("Reconcile round failed: {}", e.getMessage(), e);
        }
    }

    /** Every host, page by page; {@link #reconcileQuietly} skips those that are not hypervisor hosts. */
    private List<StoredHost> allHosts() {
        List<StoredHost> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            List<StoredHost> page = hostStore
                    .hosts(null, new PageRequest(offset, PageRequest.MAX_LIMIT))
                    .items();
            all.addAll(page);
            if (page.size() < PageRequest.MAX_LIMIT) {
                return all;
            }
            offset += page.size();
        }
    }

    /**
     * @param full read every VM's definition; otherwise only where the host does not send lifecycle events or
     *             where name, CPUs or memory changed (a changed definition comes as an event from the others)
     */
    private String reconcileHost(StoredHost host, boolean full) {
        boolean readDefinitions = full || !sessions.capabilities(host).contains(Capability.VM_EVENTS);
        // The inventory is read before the host: a VM a task records meanwhile is then never taken for vanished.
        Map<String, VirtualMachine> recorded = new HashMap<>();
        repository.vmsOfHost(host.id()).forEach(vm -> recorded.put(vm.hypervisorId(), vm));
        List<VmInfo> live = sessions.call(host, HypervisorSession::listVms);
        Tally tally = new Tally();
        Set<String> seen = new HashSet<>();
        List<Found> found = new ArrayList<>();
        for (VmInfo info : live) {
            seen.add(info.id());
            if (inFlight.contains(info.id())) {
                continue;
            }
            VirtualMachine known = recorded.get(info.id());
            if (known == null) {
                if (!recordedElsewhere(host, info)) {
                    found.add(found(host, info));
                }
            } else {
                observe(
                        host,
                        info,
                        known,
                        readDefinitions
                                || !VmSpecs.withBasics(known.spec(), info).equals(known.spec()),
                        tally);
            }
        }
        record(host, found, tally);
        for (VirtualMachine vm : recorded.values()) {
            if (!seen.contains(vm.hypervisorId()) && !inFlight.contains(vm.hypervisorId())) {
                forget(vm, "is no longer on host " + host.name());
                tally.removed++;
            }
        }
        return live.size() + " VMs on " + host.name() + ": " + tally.added + " added, " + tally.removed + " removed, "
                + tally.updated + " updated";
    }

    private static final class Tally {
        int added;
        int removed;
        int updated;
    }

    /** A VM the inventory does not know yet, with the name it had on the host. */
    private record Found(NewVm vm, String name) {}

    /**
     * Whether the VM is one Strata records on another host, by the UUID Strata gave it: a copy HA restarted elsewhere
     * left here by a failed host (HA removes it when the host answers again), or a VM moved by hand whose old host has
     * not been reconciled yet. It is not recorded a second time; when it runs, the warning says so.
     */
    private boolean recordedElsewhere(StoredHost host, VmInfo info) {
        if (!looksLikeUuid(info.id())) {
            return false;
        }
        Optional<VirtualMachine> recorded = repository.vm(info.id());
        if (recorded.isEmpty()
                || recorded.get().hostId().equals(host.id())
                || !info.id().equals(recorded.get().hypervisorId())) {
            return false;
        }
        if (info.state() == VmInfo.PowerState.RUNNING) {
            LOG.warn(
                    "VM {} runs on host {} but is recorded on another host: not recorded twice",
                    info.name(),
                    host.name());
        }
        return true;
    }

    private Found found(StoredHost host, VmInfo info) {
        VmSpec spec = definition(host, info);
        // A VM Strata defined has its Strata id as UUID: keep them equal when its row was lost.
        String id = looksLikeUuid(info.id()) && repository.vm(info.id()).isEmpty()
                ? info.id()
                : UUID.randomUUID().toString();
        return new Found(new NewVm(id, info.id(), spec, VmSpecs.state(info.state()), false), info.name());
    }

    /**
     * Records VMs found on a host, with their events: all in one transaction (a host just added brings all its
     * VMs at once; one commit each made the first inventory of a fleet crawl), or one by one when that fails
     * because a task recorded one of them meanwhile.
     */
    private void record(StoredHost host, List<Found> found, Tally tally) {
        if (found.isEmpty()) {
            return;
        }
        List<Found> recorded;
        try {
            repository.createVms(host.id(), found.stream().map(Found::vm).toList(), PRINCIPAL);
            recorded = found;
        } catch (StrataException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            recorded = new ArrayList<>();
            for (Found one : found) {
                try {
                    repository.createVms(host.id(), List.of(one.vm()), PRINCIPAL);
                    recorded.add(one);
                } catch (StrataException conflict) {
                    if (conflict.code() != ErrorCode.CONFLICT) {
                        throw conflict;
                    }
                    // Recorded meanwhile by the task that defined it.
                }
            }
        }
        tally.added += recorded.size();
        events.recordAll(recorded.stream()
                .map(f -> new NewEvent(
                        Event.Severity.INFO,
                        "VM_DISCOVERED",
                        "vm",
                        f.vm().id(),
                        "VM " + f.name() + " was found on host " + host.name() + ", " + f.vm().state()))
                .toList());
    }

    /** Brings the inventory's record of one VM in line with what the host reports. */
    private void observe(StoredHost host, VmInfo info, VirtualMachine known, boolean readDefinition, Tally tally) {
        VmState state = VmSpecs.state(info.state());
        if (known == null) {
            if (!recordedElsewhere(host, info)) {
                record(host, List.of(found(host, info)), tally);
            }
            return;
        }
        boolean changed = false;
        // Compared again where it is written: the task that made the change may have recorded it since the VM was
        // read, and then neither the write nor its event is repeated.
        if (known.state() != state
                && changedState(
                        known.id(),
                        state,
                        new NewEvent(
                                state == VmState.CRASHED ? Event.Severity.WARNING : Event.Severity.INFO,
                                "VM_STATE_CHANGED",
                                "vm",
                                known.id(),
                                "VM " + info.name() + " is now " + state))) {
            changed = true;
        }
        if (readDefinition) {
            VmSpec spec = definition(host, info, known.spec());
            if (!spec.equals(known.spec())) {
                guard(() -> repository.updateVmSpec(known.id(), spec, PRINCIPAL));
                events.record(
                        Event.Severity.INFO,
                        "VM_CHANGED",
                        "vm",
                        known.id(),
                        "The definition of VM " + info.name() + " changed on host " + host.name());
                changed = true;
            }
        }
        if (changed) {
            tally.updated++;
        }
    }

    private void forget(VirtualMachine vm, String why) {
        guard(() -> {
            repository.deleteVm(vm.id(), PRINCIPAL);
            return null;
        });
        events.record(Event.Severity.WARNING, "VM_VANISHED", "vm", vm.id(), "VM " + vm.name() + " " + why);
    }

    /**
     * Records a power state with its event, in one transaction; false when it already was that state, or the VM is
     * gone (a task removed it).
     */
    private boolean changedState(String vmId, VmState state, NewEvent event) {
        try {
            return events.recordAlong(() -> repository.changeVmState(vmId, state, event))
                    .isPresent();
        } catch (StrataException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** A write that may find the row already changed by a task: NOT_FOUND and CONFLICT mean someone else did it. */
    private static void guard(java.util.function.Supplier<?> write) {
        try {
            Object unused = write.get(); // what was written does not matter here, only whether it was
        } catch (StrataException e) {
            if (e.code() != ErrorCode.NOT_FOUND && e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
        }
    }

    private VmSpec definition(StoredHost host, VmInfo info) {
        return definition(host, info, null);
    }

    /**
     * The VM's definition as the host reads it, when its driver can describe VMs; otherwise name, CPUs and
     * memory from the host with the devices as recorded.
     */
    private VmSpec definition(StoredHost host, VmInfo info, VmSpec recorded) {
        if (sessions.capabilities(host).contains(Capability.VM_DEFINE)) {
            try {
                return VmSpecs.fromSpi(sessions.call(host, s -> s.describe(info.id())));
            } catch (StrataException e) {
                LOG.debug("Cannot describe VM {} on {}: {}", info.id(), host.name(), e.getMessage());
            }
        }
        return recorded == null ? VmSpecs.basic(info) : VmSpecs.withBasics(recorded, info);
    }

    private static boolean looksLikeUuid(String id) {
        try {
            return id != null
                    && id.length() == 36
                    && UUID.fromString(id).toString().equalsIgnoreCase(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Waits until every event queued so far has been applied (for callers that must read after them). */
    public void awaitQueued() throws InterruptedException {
        try {
            worker.submit(() -> {}).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
