package org.strata.datacenter.balance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;
import org.strata.api.datacenter.BalancingReport;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterPolicy;
import org.strata.api.datacenter.Recommendation;
import org.strata.api.event.Event;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostState;
import org.strata.api.monitor.VmSample;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmService;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.datacenter.allocation.Ledger;
import org.strata.datacenter.allocation.Pages;
import org.strata.datacenter.schedule.ClusterCalendars;
import org.strata.engine.EventFeed;
import org.strata.engine.Lane;
import org.strata.engine.LiveHosts;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.repository.AffinityStore;
import org.strata.repository.ClusterStore;

/**
 * Balancing as the platform runs it: a cluster's snapshot from what the monitor measured (each running VM's latest
 * sample; a host's load is its VMs'), the {@link Balancer}'s plan at the cluster's level and cap, and, for clusters in automatic mode whose
 * policy of the moment balances, a round every 5 minutes that carries the plan out as live migrations. A VM with a PCI
 * pass-through device or in a must-affinity group is pinned: excluded and named, never blocking the rest; no move
 * breaks an affinity rule ({@link AffinityMoves}).
 */
@Component(service = BalancingRounds.class)
public final class BalancingRounds {

    private static final Logger LOG = LoggerFactory.getLogger(BalancingRounds.class);
    private static final Duration ROUND = Duration.ofMinutes(5);
    /** Samples older than this are not what the VM does now. */
    private static final Duration FRESH = Duration.ofMinutes(2);

    private final ClusterStore clusters;
    private final Ledger ledger;
    private final LiveHosts live;
    private final VmService vms;
    private final TaskService tasks;
    private final TaskEngine engine;
    private final EventFeed events;
    private final ClusterCalendars calendars;
    private final AffinityStore affinity;
    private final Clock clock;
    private final Balancer balancer = new Balancer();
    private final ScheduledExecutorService timer;
    private final ScheduledFuture<?> rounds;

    @Activate
    public BalancingRounds(
            @Reference ClusterStore clusters,
            @Reference Ledger ledger,
            @Reference LiveHosts live,
            @Reference VmService vms,
            @Reference TaskService tasks,
            @Reference TaskEngine engine,
            @Reference EventFeed events,
            @Reference ClusterCalendars calendars,
            @Reference AffinityStore affinity) {
        this.clusters = clusters;
        this.ledger = ledger;
        this.live = live;
        this.vms = vms;
        this.tasks = tasks;
        this.engine = engine;
        this.events = events;
        this.calendars = calendars;
        this.affinity = affinity;
        this.clock = Clock.systemUTC();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strata-balancing");
            t.setDaemon(true);
            return t;
        });
        this.rounds = timer.scheduleWithFixedDelay(
                this::automaticRounds, ROUND.toSeconds(), ROUND.toSeconds(), TimeUnit.SECONDS);
    }

    @Deactivate
    void close() {
        rounds.cancel(false);
        timer.shutdownNow();
    }

    /** The plan of a round computed now, nothing done. */
    public BalancingReport report(Cluster cluster) {
        ClusterPolicy policy = policy(cluster);
        int level = level(cluster, policy);
        Snapshot snapshot = snapshot(cluster);
        BalancingPlan plan = balancer.plan(
                snapshot.cluster, BalancingPolicy.forLevel(level, cluster.maxMigrations()), snapshot.check);
        List<Recommendation> moves = new ArrayList<>();
        for (Migration m : plan.migrations()) {
            VirtualMachine vm = snapshot.vms.get(m.vmId());
            moves.add(new Recommendation(
                    m.vmId(), vm == null ? m.vmId() : vm.name(), m.fromHostId(), m.toHostId(), m.gain(), m.reason()));
        }
        List<String> excluded = new ArrayList<>();
        for (Exclusion e : plan.excluded()) {
            VirtualMachine vm = snapshot.vms.get(e.vmId());
            excluded.add((vm == null ? e.vmId() : vm.name()) + ": " + e.reason());
        }
        return new BalancingReport(
                cluster.id(),
                policy.name(),
                level,
                plan.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                plan.imbalanceBefore(),
                plan.imbalanceAfter(),
                plan.threshold(),
                moves,
                excluded,
                plan.summary(),
                clock.instant());
    }

    /** Carries the plan of a round out: a task that migrates the recommended VMs one after another. */
    public Task apply(Cluster cluster, String principal) {
        return engine.submit(
                new TaskRequest(
                        "cluster.balance", new TaskTarget("cluster", cluster.id()), Lane.LONG, principal, List.of()),
                context -> {
                    BalancingReport report = report(cluster);
                    List<Recommendation> moves = report.recommendations();
                    int done = 0;
                    List<String> failed = new ArrayList<>();
                    for (int i = 0; i < moves.size(); i++) {
                        context.checkCancelled();
                        Recommendation r = moves.get(i);
                        context.progress(
                                100 * i / Math.max(moves.size(), 1), "moving " + r.vmName() + ": " + r.reason());
                        try {
                            Task t = vms.migrate(r.vmId(), r.toHostId(), principal);
                            Task end = tasks.await(t.id(), Duration.ofMinutes(30));
                            if (end.state() == TaskState.SUCCEEDED) {
                                done++;
                            } else {
                                failed.add(r.vmName() + " (" + end.errorMessage() + ")");
                            }
                        } catch (StrataException e) {
                            failed.add(r.vmName() + " (" + e.getMessage() + ")");
                        }
                    }
                    String message = "cluster " + cluster.name() + ": " + done + " of " + moves.size()
                            + " recommended migrations done" + (failed.isEmpty() ? "" : "; failed: " + failed)
                            + "; imbalance " + round(report.imbalanceBefore()) + " before, "
                            + round(report.imbalanceAfter()) + " planned";
                    if (!moves.isEmpty()) {
                        events.record(
                                failed.isEmpty() ? Event.Severity.INFO : Event.Severity.WARNING,
                                "CLUSTER_BALANCED",
                                "cluster",
                                cluster.id(),
                                message);
                    }
                    return message;
                });
    }

    private void automaticRounds() {
        try {
            for (Cluster cluster : Pages.all(page -> clusters.clusters(null, page))) {
                if ("automatic".equals(cluster.automation()) && policy(cluster).balancing()) {
                    BalancingReport report = report(cluster);
                    if (!report.recommendations().isEmpty()) {
                        apply(cluster, "balancing");
                    }
                }
            }
        } catch (RuntimeException e) {
            // The next round tries again; a round must never end the timer.
            LOG.warn("A balancing round failed: {}", e.getMessage(), e);
        }
    }

    private ClusterPolicy policy(Cluster cluster) {
        ClusterPolicy named = ClusterPolicy.named(calendars.active(cluster).policy());
        return named == null ? ClusterPolicy.BALANCED : named;
    }

    /** The performance policy balances one level more eagerly than the cluster's own level. */
    private static int level(Cluster cluster, ClusterPolicy policy) {
        return policy == ClusterPolicy.PERFORMANCE
                ? Math.min(5, cluster.balancingLevel() + 1)
                : cluster.balancingLevel();
    }

    private record Snapshot(ClusterSnapshot cluster, Map<String, VirtualMachine> vms, MoveCheck check) {}

    private Snapshot snapshot(Cluster cluster) {
        DatacenterView.Root root = ledger.view().cluster(cluster.id());
        Instant now = clock.instant();
        Map<String, Host> byId = new HashMap<>();
        for (Host host : root.hosts()) {
            if (host.info() != null && host.info().cpus() > 0 && host.info().memoryMb() > 0) {
                byId.put(host.id(), host); // a host never contacted has nothing to balance with
            }
        }
        Map<String, String> hostOfVm = new HashMap<>();
        for (VirtualMachine vm : root.vms()) {
            hostOfVm.put(vm.id(), vm.hostId());
        }
        Map<String, Map<String, String>> labels = new HashMap<>();
        root.members().forEach((id, member) -> labels.put(id, member.labels()));
        AffinityMoves rules = new AffinityMoves(affinity.groups(cluster.id()), hostOfVm, labels);
        // Each running VM's own measured use (its latest sample, at most FRESH old).
        List<VmSnapshot> vmSnapshots = new ArrayList<>();
        Map<String, VirtualMachine> vmsById = new HashMap<>();
        Map<String, double[]> load = new HashMap<>();
        for (VirtualMachine vm : root.vms()) {
            if (!DatacenterView.allocated(vm) || !byId.containsKey(vm.hostId())) {
                continue;
            }
            vmsById.put(vm.id(), vm);
            List<VmSample> samples = vms.stats(vm.id(), now.minus(FRESH), null);
            VmSample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
            double cpuUsed = last == null ? 0 : Math.max(vm.cpus() * last.cpuPercent() / 100.0, 0);
            long memoryUsed = last == null ? vm.memoryMb() : Math.max(Math.min(last.memoryUsedMb(), vm.memoryMb()), 0);
            Optional<Pin> pin = vm.spec() != null && !vm.spec().pciDevices().isEmpty()
                    ? Optional.of(new Pin(
                            Pin.Kind.PCI_PASSTHROUGH,
                            String.join(", ", vm.spec().pciDevices())))
                    : rules.pin(vm.id());
            vmSnapshots.add(new VmSnapshot(vm.id(), vm.hostId(), vm.cpus(), vm.memoryMb(), cpuUsed, memoryUsed, pin));
            double[] sum = load.computeIfAbsent(vm.hostId(), k -> new double[2]);
            sum[0] += cpuUsed;
            sum[1] += memoryUsed;
        }
        // A host is judged by the load of its VMs, each from the VM's own counters, as DRS sums its VMs' demand: that
        // is what a migration moves, and it stays right where a host's own counters cannot tell hosts apart (the
        // testbed's hosts share one kernel, so libvirt reports the machine's counters for each; docs/datacenter.md).
        // What runs on a host outside its VMs is not counted.
        List<HostSnapshot> hosts = new ArrayList<>();
        Map<String, Double> cpuCapacity = new HashMap<>();
        for (Host host : byId.values()) {
            boolean on = live.status(host.id()).state() == HostState.AVAILABLE;
            double[] sum = load.getOrDefault(host.id(), new double[2]);
            cpuCapacity.put(host.id(), host.info().cpus() * root.cpuOvercommit());
            hosts.add(new HostSnapshot(
                    host.id(),
                    host.info().cpus(),
                    host.info().memoryMb(),
                    Math.min(sum[0], host.info().cpus()),
                    (long) Math.min(sum[1], host.info().memoryMb()),
                    on && "none".equals(root.maintenance(host.id())),
                    on,
                    false));
        }
        // What placement's hard rules say of a move: the same driver, and room in what the target may allocate.
        MoveCheck check = (vm, target, planned) -> {
            if (!rules.allows(vm, target, planned)) {
                return false;
            }
            Host from = byId.get(vm.hostId());
            Host to = byId.get(target.id());
            if (from == null || to == null || !from.driverId().equals(to.driverId())) {
                return false;
            }
            if (!to.info().capabilities().contains("LIVE_MIGRATION")) {
                return false;
            }
            return planned.allocatedVcpus(target.id()) + vm.vcpus() <= cpuCapacity.get(target.id())
                    && planned.allocatedMemoryMib(target.id()) + vm.memoryMib()
                            <= to.info().memoryMb() * root.memoryOvercommit();
        };
        return new Snapshot(new ClusterSnapshot(cluster.id(), hosts, vmSnapshots), vmsById, check);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
