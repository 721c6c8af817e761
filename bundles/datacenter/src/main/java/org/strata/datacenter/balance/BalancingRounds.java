package org.strata.datacenter.balance;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.strata.api.datacenter.BalancingReport;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterPolicy;
import org.strata.api.datacenter.Recommendation;
import org.strata.api.event.Event;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmService;
import org.strata.datacenter.allocation.Pages;
import org.strata.datacenter.schedule.ClusterCalendars;
import org.strata.engine.EventFeed;
import org.strata.engine.Lane;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
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

    private final ClusterStore clusters;
    private final ClusterSnapshots snapshots;
    private final LiveMigrations migrations;
    private final TaskEngine engine;
    private final EventFeed events;
    private final ClusterCalendars calendars;
    private final Clock clock;
    private final Balancer balancer = new Balancer();
    private final ScheduledExecutorService timer;
    private final ScheduledFuture<?> rounds;

    @Activate
    public BalancingRounds(
            @Reference ClusterStore clusters,
            @Reference ClusterSnapshots snapshots,
            @Reference VmService vms,
            @Reference TaskService tasks,
            @Reference TaskEngine engine,
            @Reference EventFeed events,
            @Reference ClusterCalendars calendars) {
        this.clusters = clusters;
        this.snapshots = snapshots;
        this.migrations = new LiveMigrations(vms, tasks);
        this.engine = engine;
        this.events = events;
        this.calendars = calendars;
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
        ClusterSnapshots.Live snapshot = snapshots.snapshot(cluster);
        BalancingPlan plan = balancer.plan(
                snapshot.cluster(), BalancingPolicy.forLevel(level, cluster.maxMigrations()), snapshot.check());
        List<Recommendation> moves = new ArrayList<>();
        for (Migration m : plan.migrations()) {
            VirtualMachine vm = snapshot.vms().get(m.vmId());
            moves.add(new Recommendation(
                    m.vmId(), vm == null ? m.vmId() : vm.name(), m.fromHostId(), m.toHostId(), m.gain(), m.reason()));
        }
        List<String> excluded = new ArrayList<>();
        for (Exclusion e : plan.excluded()) {
            VirtualMachine vm = snapshot.vms().get(e.vmId());
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
                        String failure = migrations.move(r.vmId(), r.toHostId(), principal);
                        if (failure == null) {
                            done++;
                        } else {
                            failed.add(r.vmName() + " (" + failure + ")");
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

    /**
     * Runs the cluster's automatic round now rather than at the next tick, on the rounds' own thread: a cluster just
     * switched to automatic acts at once, as DRS does when its automation level is raised.
     */
    public void roundSoon(String clusterId) {
        timer.execute(() -> {
            try {
                clusters.cluster(clusterId).ifPresent(this::automaticRound);
            } catch (RuntimeException e) {
                LOG.warn("A balancing round failed: {}", e.getMessage(), e);
            }
        });
    }

    private void automaticRounds() {
        try {
            for (Cluster cluster : Pages.all(page -> clusters.clusters(null, page))) {
                automaticRound(cluster);
            }
        } catch (RuntimeException e) {
            // The next round tries again; a round must never end the timer.
            LOG.warn("A balancing round failed: {}", e.getMessage(), e);
        }
    }

    private void automaticRound(Cluster cluster) {
        if ("automatic".equals(cluster.automation()) && policy(cluster).balancing()) {
            BalancingReport report = report(cluster);
            if (!report.recommendations().isEmpty()) {
                apply(cluster, "balancing");
            }
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

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
