package org.strata.datacenter.ha;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.event.Event;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.ClusterHaSpec;
import org.strata.api.ha.Failover;
import org.strata.api.ha.FailoverState;
import org.strata.api.ha.HaService;
import org.strata.api.ha.HostHa;
import org.strata.api.ha.HostHaState;
import org.strata.api.ha.VmHa;
import org.strata.api.ha.VmHaSpec;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.InventoryService;
import org.strata.api.task.TaskService;
import org.strata.api.vm.VirtualMachine;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.datacenter.placement.PlacementEngine;
import org.strata.engine.EventFeed;
import org.strata.engine.Fencing;
import org.strata.engine.HostProbe;
import org.strata.engine.Lane;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.engine.VmLeases;
import org.strata.engine.VmRecovery;
import org.strata.repository.ClusterStore;
import org.strata.repository.HaStore;
import org.strata.repository.VmStore;

/**
 * High availability (docs/ha.md): the settings, the watch on every host of every HA cluster, and the failovers.
 *
 * <p>The watch: every {@code intervalMillis} each watched host gets one step on a pool of workers (never two at once
 * for one host): its hypervisor is asked whether it answers ({@link HostProbe}, no round trip for libvirt). A host that
 * does not answer is SUSPECT; after {@code graceMillis} still silent, its other signals are read (its running HA VMs'
 * leases, its BMC) and it is ISOLATED (a lease held: alive, cut off; nothing is done) or FAILED, and a failover
 * begins: a task that fences it and restarts its HA VMs ({@link FailoverWork}). A FENCED host that answers again is UP,
 * and the definitions its restarted VMs left there are removed.
 */
@Component(
        service = {HaService.class, VmLeases.class, HaManager.class},
        immediate = true,
        configurationPid = HaManager.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HaManager.Config.class)
public final class HaManager implements HaService, VmLeases {

    public static final String PID = "org.strata.datacenter.ha";

    private static final Logger LOG = LoggerFactory.getLogger(HaManager.class);
    private static final Duration RECONNECT_EVERY = Duration.ofSeconds(3);
    private static final Duration WATCH_LIST_EVERY = Duration.ofSeconds(5);

    @ObjectClassDefinition(name = "Strata high availability", description = "Host failure detection (docs/ha.md).")
    public @interface Config {
        @AttributeDefinition(min = "100", description = "Milliseconds between two looks at each watched host.")
        int intervalMillis() default 1000;

        @AttributeDefinition(
                min = "0",
                description = "Milliseconds a host stays SUSPECT, silent, before its other signals decide.")
        int graceMillis() default 2000;

        @AttributeDefinition(min = "1", description = "Power-off requests a fence sends before it gives up.")
        int fenceAttempts() default 3;

        @AttributeDefinition(
                min = "1",
                description = "Seconds between two retries of failovers left incomplete or unsafe.")
        int retrySeconds() default 15;

        @AttributeDefinition(min = "1", description = "Hosts looked at in parallel.")
        int workers() default 16;

        @AttributeDefinition(
                min = "100",
                description = "Milliseconds a host's answer is waited for; no answer by then counts as silence.")
        int probeTimeoutMillis() default 2000;
    }

    /** The settings as numbers. */
    public record Settings(
            Duration interval, Duration grace, int fenceAttempts, Duration retry, int workers, Duration probeTimeout) {
        public static Settings of(Config c) {
            return new Settings(
                    Duration.ofMillis(c.intervalMillis()),
                    Duration.ofMillis(c.graceMillis()),
                    c.fenceAttempts(),
                    Duration.ofSeconds(c.retrySeconds()),
                    c.workers(),
                    Duration.ofMillis(c.probeTimeoutMillis()));
        }
    }

    /** What the watch knows of one host; guarded by itself. */
    private static final class Watch {
        HostHaState state = HostHaState.UP;
        String reason;
        Instant since;
        Instant suspectSince;
        boolean session = true;
        String leases = "none";
        String power = "unread";
        boolean stepping;
        Instant reconnected;
        /** The host's answer being waited for, kept across steps while it takes longer than the probe timeout. */
        java.util.concurrent.Future<Boolean> probing;
    }

    private final HaStore store;
    private final ClusterStore clusters;
    private final VmStore vmStore;
    private final InventoryService inventory;
    private final TaskEngine engine;
    private final TaskService tasks;
    private final EventFeed events;
    private final HostProbe probe;
    private final Fencing fencing;
    private final VmRecovery recovery;
    private final PlacementEngine placement;
    private final FailoverHostsFilter failoverHosts;
    private final Clock clock;
    private final Settings settings;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Set<String> failoversRunning = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;
    private final ThreadPoolExecutor steps;
    /** Where the hosts' answers are waited for: a host whose calls hang holds one thread, never a step. */
    private final ExecutorService probes;

    private final java.util.concurrent.ScheduledFuture<?> rounds;
    private volatile Instant lastRetry = Instant.EPOCH;
    private volatile List<Watched> watchList;
    private volatile Instant watchListRead = Instant.EPOCH;

    @Activate
    public HaManager(
            Config config,
            @Reference HaStore store,
            @Reference ClusterStore clusters,
            @Reference VmStore vmStore,
            @Reference InventoryService inventory,
            @Reference TaskEngine engine,
            @Reference TaskService tasks,
            @Reference EventFeed events,
            @Reference HostProbe probe,
            @Reference Fencing fencing,
            @Reference VmRecovery recovery,
            @Reference PlacementEngine placement,
            @Reference FailoverHostsFilter failoverHosts) {
        this(
                store,
                clusters,
                vmStore,
                inventory,
                engine,
                tasks,
                events,
                probe,
                fencing,
                recovery,
                placement,
                failoverHosts,
                Clock.systemUTC(),
                Settings.of(config),
                true);
    }

    /**
     * For tests and benchmarks: {@code watch} false leaves the rounds to the caller ({@link #watchRoundAndWait}).
     */
    public HaManager(
            HaStore store,
            ClusterStore clusters,
            VmStore vmStore,
            InventoryService inventory,
            TaskEngine engine,
            TaskService tasks,
            EventFeed events,
            HostProbe probe,
            Fencing fencing,
            VmRecovery recovery,
            PlacementEngine placement,
            FailoverHostsFilter failoverHosts,
            Clock clock,
            Settings settings,
            boolean watch) {
        this.store = store;
        this.clusters = clusters;
        this.vmStore = vmStore;
        this.inventory = inventory;
        this.engine = engine;
        this.tasks = tasks;
        this.events = events;
        this.probe = probe;
        this.fencing = fencing;
        this.recovery = recovery;
        this.placement = placement;
        this.failoverHosts = failoverHosts;
        this.clock = clock;
        this.settings = settings;
        AtomicInteger n = new AtomicInteger();
        this.steps = new ThreadPoolExecutor(
                settings.workers(), settings.workers(), 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "strata-ha-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        steps.allowCoreThreadTimeOut(true);
        AtomicInteger p = new AtomicInteger();
        this.probes = java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "strata-ha-probe-" + p.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "strata-ha-watch");
            t.setDaemon(true);
            return t;
        });
        // What the repository remembers: a host fenced before Strata stopped is still fenced until it answers.
        store.hostStates().forEach((id, r) -> {
            Watch w = new Watch();
            w.state = r.state();
            w.reason = r.reason();
            w.since = r.since();
            watches.put(id, w);
        });
        this.rounds = watch
                ? timer.scheduleWithFixedDelay(
                        this::watchRoundQuietly, 0, settings.interval().toMillis(), TimeUnit.MILLISECONDS)
                : null;
    }

    /** Stops the watch; for tests and benchmarks (OSGi calls it on deactivation). */
    public void deactivateForTests() {
        deactivate();
    }

    @Deactivate
    void deactivate() {
        if (rounds != null) {
            rounds.cancel(false);
        }
        timer.shutdownNow();
        steps.shutdownNow();
        probes.shutdownNow();
    }

    // ---- the watch

    private void watchRoundQuietly() {
        try {
            watchRound();
        } catch (RuntimeException e) {
            LOG.warn("HA watch round failed: {}", e.getMessage(), e);
        }
    }

    /** One round: a step for each watched host whose previous step ended, and failovers to resume or retry. */
    void watchRound() {
        Instant now = clock.instant();
        boolean retry = Duration.between(lastRetry, now).compareTo(settings.retry()) >= 0;
        if (retry) {
            lastRetry = now;
            resumeFailovers();
        }
        for (Watched watched : watchList(now)) {
            Watch w = watches.computeIfAbsent(watched.hostId(), id -> new Watch());
            synchronized (w) {
                if (w.stepping) {
                    continue;
                }
                w.stepping = true;
            }
            try {
                steps.execute(() -> step(watched.hostId(), watched.cluster(), w));
            } catch (RejectedExecutionException e) {
                return; // stopping
            }
        }
    }

    /** One round, and its wait until every host's step has ended; for tests and benchmarks. */
    public void watchRoundAndWait() {
        watchRound();
        while (steps.getActiveCount() > 0 || !steps.getQueue().isEmpty()) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
    }

    /** A host the watch looks at, with its cluster's settings. */
    private record Watched(String hostId, ClusterHa cluster) {}

    /**
     * The hosts of the HA clusters but those in standby (powered off by power management) or in maintenance, read
     * from the repository at most every {@link #WATCH_LIST_EVERY}: at 10,000 hosts, reading them every round cost more
     * than looking at them.
     */
    private List<Watched> watchList(Instant now) {
        List<Watched> list = watchList;
        if (list != null && Duration.between(watchListRead, now).compareTo(WATCH_LIST_EVERY) < 0) {
            return list;
        }
        Map<String, ClusterHa> enabled = new HashMap<>();
        for (ClusterHa c : store.enabledClusters()) {
            enabled.put(c.clusterId(), c);
        }
        List<Watched> fresh = new ArrayList<>();
        Map<String, Set<String>> standby = new HashMap<>();
        for (ClusterHost member : clusters.allMembers()) {
            ClusterHa cluster = enabled.get(member.clusterId());
            if (cluster == null || "IN".equalsIgnoreCase(member.maintenance())) {
                continue;
            }
            Set<String> off = standby.computeIfAbsent(
                    member.clusterId(), id -> clusters.standby(id).keySet());
            if (!off.contains(member.hostId())) {
                fresh.add(new Watched(member.hostId(), cluster));
            }
        }
        watchList = List.copyOf(fresh);
        watchListRead = now;
        return watchList;
    }

    /** Settings changed: the next round reads the watch list again. */
    private void watchListChanged() {
        watchList = null;
    }

    private void step(String hostId, ClusterHa cluster, Watch w) {
        try {
            HostHaState state;
            boolean reconnect;
            synchronized (w) {
                state = w.state;
                // A host held down is asked past the sessions' growing wait, every few seconds, so that its return
                // is seen within seconds, not within the minute the wait grows to.
                reconnect = state != HostHaState.UP
                        && state != HostHaState.SUSPECT
                        && (w.reconnected == null
                                || Duration.between(w.reconnected, clock.instant())
                                                .compareTo(RECONNECT_EVERY)
                                        >= 0);
                if (reconnect) {
                    w.reconnected = clock.instant();
                }
            }
            boolean alive = answer(hostId, w, reconnect);
            synchronized (w) {
                w.session = alive;
            }
            if (alive && state == HostHaState.UP) {
                return; // the common case, without a repository read
            }
            if (!alive && !probe.askable(hostId)) {
                // Its driver does not run here (Strata starting, the driver being updated): its silence says nothing,
                // and a healthy host must not be suspected, let alone fenced, for it. Its state waits.
                synchronized (w) {
                    w.suspectSince = null;
                }
                return;
            }
            Host host = inventory.host(hostId);
            if (alive) {
                if (state != HostHaState.UP && state != HostHaState.FENCING) {
                    if (state == HostHaState.FENCED) {
                        removeStale(host);
                    }
                    setHostState(host, HostHaState.UP, "its hypervisor answers");
                }
                synchronized (w) {
                    w.suspectSince = null;
                    w.power = "unread";
                    w.leases = "none";
                }
                return;
            }
            switch (state) {
                case UP -> {
                    synchronized (w) {
                        w.suspectSince = clock.instant();
                    }
                    setHostState(host, HostHaState.SUSPECT, "its hypervisor does not answer");
                }
                case SUSPECT, ISOLATED -> {
                    Instant suspect;
                    synchronized (w) {
                        suspect = w.suspectSince == null ? clock.instant() : w.suspectSince;
                        w.suspectSince = suspect;
                    }
                    if (Duration.between(suspect, clock.instant()).compareTo(settings.grace()) >= 0) {
                        decide(host, cluster, w, suspect);
                    }
                }
                default -> {
                    // FAILED, FENCING, FENCED: the failover owns the host until it answers again.
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("HA step of host {} failed: {}", hostId, e.getMessage());
        } finally {
            synchronized (w) {
                w.stepping = false;
            }
        }
    }

    /**
     * The host's answer within the probe timeout; false when it does not come by then. A probe still waiting is not
     * asked again: its answer, when it comes, is the next step's.
     */
    private boolean answer(String hostId, Watch w, boolean reconnect) {
        java.util.concurrent.Future<Boolean> pending;
        synchronized (w) {
            if (w.probing == null) {
                w.probing = probes.submit(() -> reconnect ? probe.reconnect(hostId) : probe.alive(hostId));
            }
            pending = w.probing;
        }
        try {
            boolean alive = pending.get(settings.probeTimeout().toMillis(), TimeUnit.MILLISECONDS);
            synchronized (w) {
                w.probing = null;
            }
            return alive;
        } catch (java.util.concurrent.TimeoutException e) {
            probe.silent(
                    hostId, "no answer within " + settings.probeTimeout().toMillis() + " ms (HA's look at the host)");
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            synchronized (w) {
                w.probing = null;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The other two signals of a host silent past the grace: isolated, or failed and a failover begins. */
    private void decide(Host host, ClusterHa cluster, Watch w, Instant suspect) {
        List<HaVm> haVms = runningHaVms(host.id());
        Signals.Leases leases =
                leases(host.id(), haVms.stream().map(v -> v.vm().id()).toList(), cluster);
        Fencing.Power power = host.bmcHostId() == null ? Fencing.Power.UNANSWERED : fencing.read(host.bmcHostId());
        synchronized (w) {
            w.leases = leases.name().toLowerCase(java.util.Locale.ROOT);
            w.power = host.bmcHostId() == null ? "none" : power.name().toLowerCase(java.util.Locale.ROOT);
        }
        Signals.Verdict verdict = Signals.verdict(leases, power, host.bmcHostId() != null);
        if (verdict.state() == HostHaState.ISOLATED) {
            HostHaState was;
            synchronized (w) {
                was = w.state;
            }
            if (was != HostHaState.ISOLATED) {
                setHostState(host, HostHaState.ISOLATED, verdict.reason());
            }
            return;
        }
        setHostState(host, HostHaState.FAILED, verdict.reason());
        List<HaStore.NewFailoverVm> vms = new ArrayList<>();
        for (HaVm v : haVms) {
            vms.add(new HaStore.NewFailoverVm(
                    v.vm().id(), v.vm().name(), v.settings().priority()));
        }
        vms.sort(java.util.Comparator.comparing(HaStore.NewFailoverVm::priority));
        Failover f;
        try {
            f = store.createFailover(host.id(), cluster.clusterId(), verdict.reason(), suspect, clock.instant(), vms);
        } catch (StrataException e) {
            if (e.code() == ErrorCode.CONFLICT) {
                return; // one is open already: the retry resumes it
            }
            throw e;
        }
        events.record(
                Event.Severity.ERROR,
                "HA_FAILOVER_STARTED",
                "host",
                host.id(),
                "host " + host.name() + " failed (" + verdict.reason() + "): failover of " + vms.size() + " HA VM"
                        + (vms.size() == 1 ? "" : "s") + " begins");
        submit(f);
    }

    private void submit(Failover f) {
        if (!failoversRunning.add(f.id())) {
            return;
        }
        try {
            // Its own target, not the host's: a task left hanging on the failed host (a call into its silent network)
            // must not hold the failover back.
            engine.submit(
                    new TaskRequest(
                            "ha.failover",
                            new TaskTarget("failover", f.hostId()),
                            Lane.LONG,
                            FailoverWork.PRINCIPAL,
                            List.of()),
                    context -> {
                        try {
                            return new FailoverWork(this, f.id(), clock).run(context);
                        } catch (org.strata.engine.TaskCancelledException e) {
                            // Cancelled by an operator: it stays ended, not resumed by the next retry.
                            store.updateFailover(f.id(), FailoverState.CANCELLED, null, clock.instant());
                            events.record(
                                    Event.Severity.WARNING,
                                    "HA_FAILOVER_CANCELLED",
                                    "host",
                                    f.hostId(),
                                    "the failover of host " + f.hostId() + " was cancelled; VMs not yet restarted stay"
                                            + " where they were recorded");
                            throw e;
                        } finally {
                            failoversRunning.remove(f.id());
                        }
                    });
        } catch (RuntimeException e) {
            failoversRunning.remove(f.id());
            throw e;
        }
    }

    /**
     * Failovers a restarted Strata finds open, or left incomplete (VMs no host could take: capacity may have returned)
     * or unsafe (the BMC may answer now): their work again, unless it runs.
     */
    private void resumeFailovers() {
        try {
            for (Failover f : store.openFailovers()) {
                submit(f);
            }
            for (Map.Entry<String, Watch> e : watches.entrySet()) {
                HostHaState state;
                synchronized (e.getValue()) {
                    state = e.getValue().state;
                }
                if (state == HostHaState.FAILED || state == HostHaState.ISOLATED) {
                    store.failovers(e.getKey(), new PageRequest(0, 1)).items().stream()
                            .filter(f -> f.state() == FailoverState.UNSAFE)
                            .findFirst()
                            .ifPresent(this::submit);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Resuming failovers failed: {}", e.getMessage());
        }
    }

    private void removeStale(Host host) {
        for (Map.Entry<String, String> stale : store.staleDefinitions(host.id())) {
            try {
                recovery.removeStale(host.id(), stale.getValue());
                store.staleRemoved(stale.getKey(), stale.getValue());
            } catch (RuntimeException e) {
                LOG.warn(
                        "Stale definition of VM {} on host {} not removed: {}",
                        stale.getValue(),
                        host.name(),
                        e.getMessage());
            }
        }
    }

    /** Records and announces a host's new HA state (an event {@code HOST_HA_<STATE>}). */
    void setHostState(Host host, HostHaState state, String reason) {
        Watch w = watches.computeIfAbsent(host.id(), id -> new Watch());
        Instant now = clock.instant();
        synchronized (w) {
            if (w.state == state && java.util.Objects.equals(w.reason, reason)) {
                return;
            }
            w.state = state;
            w.reason = reason;
            w.since = now;
        }
        store.putHostState(new HaStore.HostRecord(host.id(), state, reason, now));
        events.record(
                state == HostHaState.UP ? Event.Severity.INFO : Event.Severity.WARNING,
                "HOST_HA_" + state.name(),
                "host",
                host.id(),
                "host " + host.name() + " is " + state + ": " + reason);
    }

    /** The HA VMs recorded running (or paused) on the host, with their settings: two reads, whatever their number. */
    private List<HaVm> runningHaVms(String hostId) {
        Map<String, VmHa> enabled = new HashMap<>();
        store.enabledOnHost(hostId).forEach(ha -> enabled.put(ha.vmId(), ha));
        List<HaVm> running = new ArrayList<>();
        if (enabled.isEmpty()) {
            return running;
        }
        for (VirtualMachine vm : vmStore.vmsOfHost(hostId)) {
            VmHa ha = enabled.get(vm.id());
            if (ha != null && DatacenterView.allocated(vm)) {
                running.add(new HaVm(vm, ha));
            }
        }
        return running;
    }

    /** A VM with its HA settings. */
    private record HaVm(VirtualMachine vm, VmHa settings) {}

    List<VirtualMachine> vmsOf(String hostId) {
        return vmStore.vmsOfHost(hostId);
    }

    /** The leases of these VMs together: one held is HELD; all free is FREE; none readable is NONE. */
    Signals.Leases leases(String hostId, List<String> vmIds, ClusterHa cluster) {
        if (cluster.leaseDirectory() == null || vmIds.isEmpty()) {
            return Signals.Leases.NONE;
        }
        boolean anyFree = false;
        for (String vmId : vmIds) {
            switch (LeaseFiles.read(cluster.leaseDirectory(), vmId)) {
                case HELD -> {
                    return Signals.Leases.HELD;
                }
                case FREE -> anyFree = true;
                case UNKNOWN -> {
                    return Signals.Leases.NONE; // a VM without a lease: nothing safe can be said of all
                }
            }
        }
        return anyFree ? Signals.Leases.FREE : Signals.Leases.NONE;
    }

    // ---- for FailoverWork

    HaStore store() {
        return store;
    }

    InventoryService inventory() {
        return inventory;
    }

    VmStore vmStore() {
        return vmStore;
    }

    EventFeed events() {
        return events;
    }

    Fencing fencing() {
        return fencing;
    }

    VmRecovery recovery() {
        return recovery;
    }

    PlacementEngine placement() {
        return placement;
    }

    FailoverHostsFilter failoverHosts() {
        return failoverHosts;
    }

    TaskEngine engine() {
        return engine;
    }

    TaskService tasks() {
        return tasks;
    }

    Settings settings() {
        return settings;
    }

    ClusterHa clusterSettings(String clusterId) {
        return store.clusterHa(clusterId).orElse(ClusterHa.disabled(clusterId));
    }

    // ---- VmLeases

    @Override
    public Optional<String> lockspace(VirtualMachine vm, String hostId) {
        VmHa ha = store.vmHa(vm.id()).orElse(null);
        if (ha == null || !ha.enabled()) {
            return Optional.empty();
        }
        String clusterId =
                clusters.membership(hostId).map(ClusterHost::clusterId).orElse(null);
        if (clusterId == null) {
            return Optional.empty();
        }
        ClusterHa cluster = clusterSettings(clusterId);
        if (!cluster.enabled() || cluster.leaseDirectory() == null) {
            return Optional.empty();
        }
        try {
            LeaseFiles.ensure(cluster.leaseDirectory(), vm.id());
        } catch (IOException e) {
            throw StrataException.conflict("the lease of VM '" + vm.name() + "' cannot be made in "
                    + cluster.leaseDirectory() + ": " + e.getMessage());
        }
        return Optional.of(cluster.leaseDirectory());
    }

    // ---- HaService

    @Override
    public VmHa vmHa(String vmId) {
        vm(vmId);
        return store.vmHa(vmId).orElse(VmHa.disabled(vmId));
    }

    @Override
    public VmHa setVmHa(String vmId, VmHaSpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a body with enabled, priority or after is required");
        }
        VirtualMachine vm = vm(vmId);
        VmHa old = store.vmHa(vmId).orElse(VmHa.disabled(vmId));
        List<String> after = spec.after() == null ? old.after() : spec.after();
        Set<String> seen = new HashSet<>();
        for (String other : after) {
            if (other == null || other.equals(vmId)) {
                throw StrataException.invalid("after names the VM itself or an empty id");
            }
            if (!seen.add(other)) {
                throw StrataException.invalid("after names VM " + other + " twice");
            }
            if (vmStore.vm(other).isEmpty()) {
                throw StrataException.invalid("after names VM " + other + ", which does not exist");
            }
        }
        requireNoLoop(vmId, after);
        VmHa next = new VmHa(
                vmId,
                spec.enabled() == null ? old.enabled() : spec.enabled(),
                spec.priority() == null ? old.priority() : spec.priority(),
                after);
        if (next.enabled() && !old.enabled() && DatacenterView.allocated(vm)) {
            admitHaChange(vm);
        }
        VmHa stored = store.putVmHa(next, principal);
        clusterOf(vm.hostId()).ifPresent(cluster -> {
            if (cluster.leaseDirectory() != null) {
                if (stored.enabled()) {
                    lockspace(vm, vm.hostId());
                } else {
                    LeaseFiles.remove(cluster.leaseDirectory(), vmId);
                }
            }
        });
        return stored;
    }

    private void requireNoLoop(String vmId, List<String> after) {
        Map<String, List<String>> edges = new HashMap<>();
        store.enabled().forEach((id, ha) -> edges.put(id, ha.after()));
        edges.put(vmId, after);
        List<String> stack = new ArrayList<>(after);
        Set<String> visited = new HashSet<>();
        while (!stack.isEmpty()) {
            String next = stack.remove(stack.size() - 1);
            if (next.equals(vmId)) {
                throw StrataException.invalid("the restart order loops: VM " + vmId + " would come after itself");
            }
            if (visited.add(next)) {
                stack.addAll(edges.getOrDefault(next, List.of()));
            }
        }
    }

    /** A running VM that becomes an HA VM changes what the cluster must keep room for: checked like a start. */
    private void admitHaChange(VirtualMachine vm) {
        Optional<ClusterHa> cluster = clusterOf(vm.hostId());
        if (cluster.isEmpty()) {
            return;
        }
        String refusal = HaAdmission.refusal(
                cluster.get(),
                HaAdmissionData.rooms(placementView(), cluster.get().clusterId()),
                HaAdmissionData.loads(
                        placementView(),
                        cluster.get().clusterId(),
                        store.enabled().keySet(),
                        vm.id()),
                new HaAdmission.Load(vm.id(), vm.hostId(), vm.cpus(), vm.memoryMb(), true),
                "VM '" + vm.name() + "'");
        if (refusal != null) {
            throw StrataException.conflict(refusal);
        }
    }

    private DatacenterView placementView() {
        return placement.view();
    }

    private Optional<ClusterHa> clusterOf(String hostId) {
        return clusters.membership(hostId)
                .map(ClusterHost::clusterId)
                .map(this::clusterSettings)
                .filter(ClusterHa::enabled);
    }

    @Override
    public ClusterHa clusterHa(String clusterId) {
        cluster(clusterId);
        return clusterSettings(clusterId);
    }

    @Override
    public ClusterHa setClusterHa(String clusterId, ClusterHaSpec spec, String principal) {
        if (spec == null) {
            throw StrataException.invalid("a body with the cluster's HA settings is required");
        }
        cluster(clusterId);
        ClusterHa old = clusterSettings(clusterId);
        int failures = spec.hostFailures() == null ? old.hostFailures() : spec.hostFailures();
        int cpu = spec.cpuPercent() == null ? old.cpuPercent() : spec.cpuPercent();
        int memory = spec.memoryPercent() == null ? old.memoryPercent() : spec.memoryPercent();
        if (failures < 1) {
            throw StrataException.invalid("hostFailures must be at least 1; was " + failures);
        }
        if (cpu < 0 || cpu > 100 || memory < 0 || memory > 100) {
            throw StrataException.invalid(
                    "cpuPercent and memoryPercent must be 0 to 100; were " + cpu + " and " + memory);
        }
        List<String> failoverHosts = spec.failoverHosts() == null ? old.failoverHosts() : spec.failoverHosts();
        Set<String> members = new HashSet<>();
        clusters.members(clusterId).forEach(m -> members.add(m.hostId()));
        for (String h : failoverHosts) {
            if (!members.contains(h)) {
                throw StrataException.invalid("failover host " + h + " is not a host of the cluster");
            }
        }
        String lease = spec.leaseDirectory() == null
                ? old.leaseDirectory()
                : spec.leaseDirectory().isBlank() ? null : spec.leaseDirectory().strip();
        if (lease != null) {
            if (!lease.startsWith("/") || lease.endsWith("/") || lease.contains("//") || lease.contains("/../")) {
                throw StrataException.invalid("leaseDirectory must be an absolute folder path without a trailing /;"
                        + " was '" + lease + "'");
            }
        }
        Admission admission = spec.admission() == null ? old.admission() : spec.admission();
        if (admission == Admission.FAILOVER_HOSTS && failoverHosts.isEmpty()) {
            throw StrataException.invalid("admission FAILOVER_HOSTS needs at least one failover host");
        }
        ClusterHa next = new ClusterHa(
                clusterId,
                spec.enabled() == null ? old.enabled() : spec.enabled(),
                admission,
                failures,
                cpu,
                memory,
                failoverHosts,
                lease);
        String refusal = HaAdmission.check(
                next,
                HaAdmissionData.rooms(placementView(), clusterId),
                HaAdmissionData.loads(
                        placementView(), clusterId, store.enabled().keySet(), null));
        if (refusal != null) {
            throw StrataException.conflict("the cluster as it runs now breaks the new policy: " + refusal);
        }
        if (lease != null && next.enabled()) {
            try {
                java.nio.file.Files.createDirectories(java.nio.file.Path.of(lease));
            } catch (IOException e) {
                throw StrataException.invalid("leaseDirectory " + lease + " cannot be made: " + e.getMessage());
            }
        }
        ClusterHa stored = store.putClusterHa(next, principal);
        watchListChanged();
        return stored;
    }

    @Override
    public List<HostHa> hosts(String clusterId) {
        List<ClusterHa> which;
        if (clusterId == null) {
            which = store.enabledClusters();
        } else {
            cluster(clusterId);
            which = List.of(clusterSettings(clusterId));
        }
        List<HostHa> all = new ArrayList<>();
        for (ClusterHa c : which) {
            for (ClusterHost m : clusters.members(c.clusterId())) {
                all.add(hostHa(m, c));
            }
        }
        return all;
    }

    @Override
    public HostHa host(String hostId) {
        ClusterHost member =
                clusters.membership(hostId).orElseThrow(() -> StrataException.notFound("host in a cluster", hostId));
        return hostHa(member, clusterSettings(member.clusterId()));
    }

    /** What the watch holds of the host now (UP when it never looked at it). */
    HostHaState hostState(String hostId) {
        Watch w = watches.get(hostId);
        if (w == null) {
            return HostHaState.UP;
        }
        synchronized (w) {
            return w.state;
        }
    }

    private HostHa hostHa(ClusterHost member, ClusterHa cluster) {
        Watch w = watches.get(member.hostId());
        if (w == null || !cluster.enabled()) {
            return new HostHa(
                    member.hostId(),
                    member.hostName(),
                    member.clusterId(),
                    HostHaState.UP,
                    cluster.enabled() ? "not looked at yet" : "HA is off in its cluster",
                    null,
                    true,
                    "none",
                    "unread");
        }
        synchronized (w) {
            return new HostHa(
                    member.hostId(),
                    member.hostName(),
                    member.clusterId(),
                    w.state,
                    w.reason,
                    w.since,
                    w.session,
                    w.leases,
                    w.power);
        }
    }

    @Override
    public Page<Failover> failovers(String hostId, PageRequest page) {
        return store.failovers(hostId, page == null ? new PageRequest(0, PageRequest.DEFAULT_LIMIT) : page);
    }

    @Override
    public Failover failover(String id) {
        return store.failover(id).orElseThrow(() -> StrataException.notFound("failover", id));
    }

    private VirtualMachine vm(String vmId) {
        return vmStore.vm(vmId).orElseThrow(() -> StrataException.notFound("VM", vmId));
    }

    private void cluster(String clusterId) {
        if (clusters.cluster(clusterId).isEmpty()) {
            throw StrataException.notFound("cluster", clusterId);
        }
    }
}
