package org.strata.datacenter.balance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.datacenter.ClusterPolicy;
import org.strata.api.datacenter.PowerHost;
import org.strata.api.datacenter.PowerReport;
import org.strata.api.datacenter.PowerService;
import org.strata.api.datacenter.Recommendation;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.hardware.HardwareService;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.InventoryService;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmService;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.datacenter.allocation.Pages;
import org.strata.datacenter.schedule.ClusterCalendars;
import org.strata.engine.DriverSessions;
import org.strata.engine.EventFeed;
import org.strata.engine.HostStandby;
import org.strata.engine.Lane;
import org.strata.engine.TaskContext;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.repository.ClusterStore;

/**
 * Power management as the platform carries it out, DPM-like. Under the {@code power-saving} policy a round asks the
 * {@link PowerPlanner} (from the same live snapshot balancing uses) which hosts to empty; applying it is a task,
 * {@code cluster.power}, that for each such host puts it into <em>standby</em> (placement, balancing and maintenance
 * leave it alone from then on), moves its running VMs off live one at a time, powers it off through its BMC (the
 * host's {@code bmcHostId}) and reads the BMC until it says off. Hosts in standby come back ({@link #awaken}) when a
 * round finds the powered-on hosts over the band's top, when the policy in force is no longer power-saving, when a VM
 * is created on or started on them (core's {@link HostStandby} hook), or when an administrator asks: powered on
 * through the BMC, read until on, then used only once their hypervisor answers. Every step is an event.
 *
 * <p>Clusters in automatic mode run a round every 5 minutes and at each edge of their calendar; in manual mode rounds
 * are recommendations only.
 */
@Component(service = {PowerRounds.class, PowerService.class, HostStandby.class})
public final class PowerRounds implements PowerService, HostStandby {

    private static final Logger LOG = LoggerFactory.getLogger(PowerRounds.class);
    private static final Duration ROUND = Duration.ofMinutes(5);
    /** How long a BMC may take to read the power state asked for. */
    private static final Duration POWER_DEADLINE = Duration.ofMinutes(2);
    /** How long a host powered on may take until its hypervisor answers (a real server boots in minutes). */
    private static final Duration HYPERVISOR_DEADLINE = Duration.ofMinutes(10);

    private static final Duration POLL = Duration.ofSeconds(1);
    /** Who power management acts as, in history and tasks it starts by itself. */
    static final String PRINCIPAL = "power-management";

    private final ClusterStore clusters;
    private final ClusterSnapshots snapshots;
    private final InventoryService inventory;
    private final HardwareService hardware;
    private final DriverSessions sessions;
    private final VmService vms;
    private final TaskService tasks;
    private final TaskEngine engine;
    private final EventFeed events;
    private final ClusterCalendars calendars;
    private final LiveMigrations migrations;
    private final PowerPlanner planner = new PowerPlanner();
    private final Clock clock = Clock.systemUTC();
    /** One host enters or leaves standby at a time: a VM waking a host waits until its power-off is done. */
    private final Map<String, ReentrantLock> hostLocks = new ConcurrentHashMap<>();

    private final ScheduledExecutorService timer;
    private final ScheduledFuture<?> rounds;
    private final AutoCloseable edges;

    @Activate
    public PowerRounds(
            @Reference ClusterStore clusters,
            @Reference ClusterSnapshots snapshots,
            @Reference InventoryService inventory,
            @Reference HardwareService hardware,
            @Reference DriverSessions sessions,
            @Reference VmService vms,
            @Reference TaskService tasks,
            @Reference TaskEngine engine,
            @Reference EventFeed events,
            @Reference ClusterCalendars calendars) {
        this.clusters = clusters;
        this.snapshots = snapshots;
        this.inventory = inventory;
        this.hardware = hardware;
        this.sessions = sessions;
        this.vms = vms;
        this.tasks = tasks;
        this.engine = engine;
        this.events = events;
        this.calendars = calendars;
        this.migrations = new LiveMigrations(vms, tasks);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strata-power");
            t.setDaemon(true);
            return t;
        });
        this.rounds = timer.scheduleWithFixedDelay(
                this::automaticRounds, ROUND.toSeconds(), ROUND.toSeconds(), TimeUnit.SECONDS);
        // At an edge of a calendar (into power-saving, or out of it) an automatic cluster acts at once.
        this.edges = events.subscribe(
                new EventFilter(Set.of("CLUSTER_POLICY_CHANGED"), "cluster", null),
                event -> timer.execute(() -> automaticRound(event.subjectId())));
    }

    @Deactivate
    void close() {
        try {
            edges.close();
        } catch (Exception e) {
            LOG.debug("Closing the calendar edge subscription failed", e);
        }
        rounds.cancel(false);
        timer.shutdownNow();
    }

    // ---- reports

    @Override
    public PowerReport power(String clusterId) {
        return round(cluster(clusterId)).report();
    }

    /** A round: what it reports, and what applying it does. */
    private record Round(PowerReport report, List<PowerOff> powerOff, List<String> powerOn) {}

    private Round round(Cluster cluster) {
        ClusterPolicy policy = policy(cluster);
        ClusterSnapshots.Live live = snapshots.snapshot(cluster);
        List<PowerHost> standby = new ArrayList<>();
        live.standby()
                .forEach((id, since) -> standby.add(new PowerHost(
                        id,
                        name(live, id),
                        "powered off by power management",
                        since == null ? null : since.toString())));
        if (!policy.powerSaving()) {
            // Only power-saving keeps hosts off: under the others every host in standby comes back.
            List<PowerHost> on = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (PowerHost h : standby) {
                on.add(new PowerHost(
                        h.hostId(),
                        h.hostName(),
                        "the policy in force is " + policy.name() + ": every host is on",
                        null));
                ids.add(h.hostId());
            }
            String summary = on.isEmpty()
                    ? "the policy in force is " + policy.name() + ": power management powers no host off"
                    : "the policy in force is " + policy.name() + ": power " + on.size() + " host(s) in standby on";
            return new Round(
                    new PowerReport(
                            cluster.id(),
                            policy.name(),
                            cluster.automation(),
                            on.isEmpty() ? "none" : "power-on",
                            0,
                            0,
                            0,
                            0,
                            List.of(),
                            List.of(),
                            on,
                            standby,
                            List.of(),
                            List.of(),
                            summary,
                            clock.instant()),
                    List.of(),
                    ids);
        }
        // A host power management could not power on again is never powered off.
        Map<String, String> keepOn = new java.util.HashMap<>();
        for (Host host : live.hosts().values()) {
            if (host.bmcHostId() == null && !live.standby().containsKey(host.id())) {
                keepOn.put(host.id(), "it has no BMC (bmcHostId) to power it off and on again with");
            }
        }
        PowerPlan plan = planner.plan(
                live.cluster(),
                PowerPolicy.defaults(cluster.minPoweredOnHosts(), Integer.MAX_VALUE),
                List.of(),
                live.check(),
                keepOn);
        List<PowerHost> excluded = new ArrayList<>();
        for (HostSkip skip : plan.skipped()) {
            excluded.add(new PowerHost(skip.hostId(), name(live, skip.hostId()), named(live, skip.reason()), null));
        }
        // The cluster's cap on migrations per round holds here as in balancing: hosts past it wait for a later round.
        List<PowerOff> offs = new ArrayList<>();
        List<PowerHost> powerOff = new ArrayList<>();
        List<Recommendation> moves = new ArrayList<>();
        for (PowerOff off : plan.powerOff()) {
            if (moves.size() + off.moves().size() > cluster.maxMigrations()) {
                excluded.add(new PowerHost(
                        off.hostId(),
                        name(live, off.hostId()),
                        "emptying it too would pass the cluster's cap of " + cluster.maxMigrations()
                                + " migrations per round: a later round",
                        null));
                continue;
            }
            offs.add(off);
            powerOff.add(new PowerHost(off.hostId(), name(live, off.hostId()), named(live, off.reason()), null));
            for (Move m : off.moves()) {
                VirtualMachine vm = live.vms().get(m.vmId());
                moves.add(new Recommendation(
                        m.vmId(),
                        vm == null ? m.vmId() : vm.name(),
                        m.fromHostId(),
                        m.toHostId(),
                        0,
                        named(live, m.reason())));
            }
        }
        List<PowerHost> powerOn = new ArrayList<>();
        List<String> onIds = new ArrayList<>();
        for (PowerOn on : plan.powerOn()) {
            powerOn.add(new PowerHost(on.hostId(), name(live, on.hostId()), named(live, on.reason()), null));
            onIds.add(on.hostId());
        }
        String action = switch (plan.action()) {
            case NONE -> "none";
            case POWER_ON -> powerOn.isEmpty() ? "none" : "power-on";
            case CONSOLIDATE -> offs.isEmpty() ? "none" : "consolidate";
        };
        return new Round(
                new PowerReport(
                        cluster.id(),
                        policy.name(),
                        cluster.automation(),
                        action,
                        plan.cpuLoad(),
                        plan.memoryLoad(),
                        plan.cpuLoadAfter(),
                        plan.memoryLoadAfter(),
                        powerOff,
                        moves,
                        powerOn,
                        standby,
                        excluded,
                        plan.unmet().stream().map(u -> named(live, u)).toList(),
                        named(live, plan.summary()),
                        clock.instant()),
                offs,
                onIds);
    }

    // ---- carrying a round out

    @Override
    public Task applyPower(String clusterId, String principal) {
        Cluster cluster = cluster(clusterId);
        return engine.submit(
                new TaskRequest(
                        "cluster.power", new TaskTarget("cluster", cluster.id()), Lane.LONG, principal, List.of()),
                context -> carryOut(cluster, principal, context));
    }

    private String carryOut(Cluster cluster, String principal, TaskContext context) throws InterruptedException {
        Round round = round(cluster);
        Instant started = clock.instant();
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        int steps = Math.max(
                1,
                round.report().moves().size()
                        + round.powerOff().size()
                        + round.powerOn().size());
        int[] step = {0};
        for (PowerOff off : round.powerOff()) {
            context.checkCancelled();
            String failure = enterStandby(cluster, off, principal, context, step, steps);
            if (failure == null) {
                done.add(inventoryName(off.hostId()) + " powered off");
            } else {
                failed.add(inventoryName(off.hostId()) + " (" + failure + ")");
            }
        }
        for (String hostId : round.powerOn()) {
            context.checkCancelled();
            context.progress(100 * step[0]++ / steps, "powering " + inventoryName(hostId) + " on");
            try {
                awaken(hostId, context, round.report().summary());
                done.add(inventoryName(hostId) + " powered on");
            } catch (StrataException e) {
                failed.add(inventoryName(hostId) + " (" + e.getMessage() + ")");
            }
        }
        String message = "cluster " + cluster.name() + ": " + round.report().summary() + "; "
                + (done.isEmpty() ? "nothing done" : String.join(", ", done))
                + (failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed)) + " in "
                + secondsSince(started) + " s";
        if (!done.isEmpty() || !failed.isEmpty()) {
            events.record(
                    failed.isEmpty() ? Event.Severity.INFO : Event.Severity.WARNING,
                    "CLUSTER_POWER_MANAGED",
                    "cluster",
                    cluster.id(),
                    message);
        }
        if (!failed.isEmpty() && done.isEmpty()) {
            throw StrataException.conflict(message);
        }
        return message;
    }

    /**
     * Puts the host into standby, empties it, powers it off and reads the BMC until off: null when done, otherwise why
     * not (the host is then out of standby again, with whatever VMs did not move).
     */
    private String enterStandby(
            Cluster cluster, PowerOff off, String principal, TaskContext context, int[] step, int steps)
            throws InterruptedException {
        String hostId = off.hostId();
        Host host = inventory.host(hostId);
        ReentrantLock lock = lock(hostId);
        lock.lockInterruptibly();
        try {
            if (host.bmcHostId() == null) {
                return "it has no BMC (bmcHostId)";
            }
            // From here on placement, balancing and maintenance leave the host alone.
            clusters.setStandby(hostId, true, principal);
            boolean settled = false;
            try {
                hostEvent(
                        Event.Severity.INFO,
                        "HOST_STANDBY_ENTERING",
                        hostId,
                        "host " + host.name() + " of cluster " + cluster.name() + " enters standby: " + off.reason());
                for (Move move : off.moves()) {
                    context.checkCancelled();
                    context.progress(
                            100 * step[0]++ / steps,
                            "moving VM " + move.vmId() + " off " + host.name() + " to empty it");
                    String failure = migrations.move(move.vmId(), move.toHostId(), principal);
                    if (failure != null) {
                        settled = true;
                        return leaveStandby(host, "VM " + vmName(move.vmId()) + " did not move: " + failure);
                    }
                }
                List<String> still = new ArrayList<>();
                for (VirtualMachine vm : Pages.all(page -> vms.vms(hostId, page))) {
                    if (DatacenterView.allocated(vm)) {
                        still.add(vm.name());
                    }
                }
                if (!still.isEmpty()) {
                    settled = true;
                    return leaveStandby(host, "VMs still run there: " + String.join(", ", still));
                }
                context.progress(100 * step[0]++ / steps, "powering " + host.name() + " off through its BMC");
                Instant asked = clock.instant();
                try {
                    Task power = hardware.power(host.bmcHostId(), "off", principal);
                    Task end = tasks.await(power.id(), POWER_DEADLINE);
                    if (end.state() != TaskState.SUCCEEDED) {
                        settled = true;
                        return leaveStandby(host, "its BMC's power off " + describe(end));
                    }
                    readUntil(host, "OFF", context);
                } catch (StrataException e) {
                    settled = true;
                    return leaveStandby(host, "its BMC did not power it off: " + e.getMessage());
                }
                hostEvent(
                        Event.Severity.INFO,
                        "HOST_POWERED_OFF",
                        hostId,
                        "host " + host.name() + " is in standby: its BMC reads power off "
                                + secondsSince(asked)
                                + " s after it was asked");
                settled = true;
                return null;
            } finally {
                if (!settled) {
                    // Cancelled or failed half-way: the host is still on and must not stay out of placement's reach.
                    leaveStandby(host, "power management stopped before it was powered off");
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private String leaveStandby(Host host, String why) {
        clusters.setStandby(host.id(), false, PRINCIPAL);
        hostEvent(
                Event.Severity.WARNING, "HOST_STANDBY_FAILED", host.id(), "host " + host.name() + " stays on: " + why);
        return why;
    }

    @Override
    public void awaken(String hostId, TaskContext context) throws InterruptedException {
        awaken(hostId, context, "task " + context.taskId() + " uses it");
    }

    /** Powers a host in standby on, waits until its hypervisor answers, and takes it out of standby. */
    private void awaken(String hostId, TaskContext context, String why) throws InterruptedException {
        ClusterHost member = clusters.membership(hostId).orElse(null);
        if (member == null) {
            return;
        }
        ReentrantLock lock = lock(hostId);
        lock.lockInterruptibly();
        try {
            if (!clusters.standby(member.clusterId()).containsKey(hostId)) {
                return; // never in standby, or another task brought it back while this one waited
            }
            Host host = inventory.host(hostId);
            if (host.bmcHostId() == null) {
                throw StrataException.conflict("host " + host.name() + " is in standby and has no BMC (bmcHostId) to"
                        + " power it on with: power it on by hand, then POST /hosts/" + hostId + "/standby/exit");
            }
            Instant asked = clock.instant();
            hostEvent(
                    Event.Severity.INFO,
                    "HOST_POWERING_ON",
                    hostId,
                    "host " + host.name() + " leaves standby (" + why + "): powering it on through its BMC");
            context.progress(20, "powering host " + host.name() + " on through its BMC");
            Task power = hardware.power(host.bmcHostId(), "on", PRINCIPAL);
            Task end = tasks.await(power.id(), POWER_DEADLINE);
            if (end.state() != TaskState.SUCCEEDED) {
                throw new StrataException(
                        ErrorCode.UNREACHABLE, "host " + host.name() + ": its BMC's power on " + describe(end));
            }
            readUntil(host, "ON", context);
            context.progress(50, "waiting until the hypervisor of " + host.name() + " answers");
            awaitHypervisor(host, context);
            clusters.setStandby(hostId, false, PRINCIPAL);
            hostEvent(
                    Event.Severity.INFO,
                    "HOST_STANDBY_EXITED",
                    hostId,
                    "host " + host.name() + " is back: its hypervisor answered "
                            + secondsSince(asked)
                            + " s after its BMC was asked to power it on");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Task exitStandby(String hostId, String principal) {
        Host host = inventory.host(hostId);
        ClusterHost member = clusters.membership(hostId)
                .orElseThrow(() -> StrataException.conflict("host " + host.name() + " is in no cluster"));
        if (!clusters.standby(member.clusterId()).containsKey(hostId)) {
            throw StrataException.conflict("host " + host.name() + " is not in standby");
        }
        // Its own target: the refresh it waits on holds the host's.
        return engine.submit(
                new TaskRequest(
                        "host.standby.exit", new TaskTarget("standby", hostId), Lane.LONG, principal, List.of()),
                context -> {
                    awaken(hostId, context, "asked by " + principal);
                    return "host " + host.name() + " is out of standby";
                });
    }

    /** Reads the host's BMC until it says {@code state}, up to the deadline. */
    private void readUntil(Host host, String state, TaskContext context) throws InterruptedException {
        Instant deadline = clock.instant().plus(POWER_DEADLINE);
        String last = "nothing read";
        while (true) {
            try {
                String read = hardware.powerState(host.bmcHostId());
                if (state.equalsIgnoreCase(read)) {
                    return;
                }
                last = "it read " + read;
            } catch (StrataException e) {
                last = e.getMessage();
            }
            if (clock.instant().isAfter(deadline)) {
                throw new StrataException(
                        ErrorCode.UNREACHABLE,
                        "the BMC of host " + host.name() + " did not read power " + state.toLowerCase(Locale.ROOT)
                                + " within " + POWER_DEADLINE.toSeconds() + " s (" + last + ")");
            }
            context.checkCancelled();
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Waits until the host's hypervisor answers: a refresh of the host (which contacts it, reads its facts and
     * reconciles its VMs) succeeds. The platform's wait after failed attempts is dropped first: the host is back.
     */
    private void awaitHypervisor(Host host, TaskContext context) throws InterruptedException {
        Instant deadline = clock.instant().plus(HYPERVISOR_DEADLINE);
        String last;
        while (true) {
            sessions.retryNow(host.id());
            try {
                Task refresh = inventory.refreshHost(host.id(), PRINCIPAL);
                Task end = tasks.await(refresh.id(), Duration.ofMinutes(1));
                if (end.state() == TaskState.SUCCEEDED) {
                    return;
                }
                last = describe(end);
            } catch (StrataException e) {
                last = e.getMessage();
            }
            if (clock.instant().isAfter(deadline)) {
                throw new StrataException(
                        ErrorCode.UNREACHABLE,
                        "the hypervisor of host " + host.name() + " did not answer within "
                                + HYPERVISOR_DEADLINE.toSeconds() + " s of power on (" + last + ")");
            }
            context.checkCancelled();
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Every step of a host's standby is an event on that host, so that its history tells the whole story. */
    private void hostEvent(Event.Severity severity, String type, String hostId, String message) {
        events.record(severity, type, "host", hostId, message);
    }

    /** Seconds since {@code start}, to the millisecond, as the events report how long a BMC or hypervisor took. */
    private double secondsSince(Instant start) {
        return Duration.between(start, clock.instant()).toMillis() / 1000.0;
    }

    // ---- automatic rounds

    private void automaticRounds() {
        try {
            for (Cluster cluster : Pages.all(page -> clusters.clusters(null, page))) {
                automaticRound(cluster);
            }
        } catch (RuntimeException e) {
            // The next round tries again; a round must never end the timer.
            LOG.warn("A power management round failed: {}", e.getMessage(), e);
        }
    }

    private void automaticRound(String clusterId) {
        try {
            clusters.cluster(clusterId).ifPresent(this::automaticRound);
        } catch (RuntimeException e) {
            LOG.warn("A power management round of cluster {} failed: {}", clusterId, e.getMessage(), e);
        }
    }

    private void automaticRound(Cluster cluster) {
        if (!"automatic".equals(cluster.automation())) {
            return;
        }
        if (!"none".equals(round(cluster).report().action())) {
            applyPower(cluster.id(), PRINCIPAL);
        }
    }

    // ---- helpers

    private Cluster cluster(String clusterId) {
        if (clusterId == null || clusterId.isBlank()) {
            throw StrataException.invalid("a cluster id is required");
        }
        return clusters.cluster(clusterId).orElseThrow(() -> StrataException.notFound("cluster", clusterId));
    }

    private ClusterPolicy policy(Cluster cluster) {
        ClusterPolicy named = ClusterPolicy.named(calendars.active(cluster).policy());
        return named == null ? ClusterPolicy.BALANCED : named;
    }

    private ReentrantLock lock(String hostId) {
        return hostLocks.computeIfAbsent(hostId, k -> new ReentrantLock());
    }

    private static String name(ClusterSnapshots.Live live, String hostId) {
        Host host = live.hosts().get(hostId);
        return host == null ? hostId : host.name();
    }

    /** The planner's words name hosts by id; people know them by name. */
    private static String named(ClusterSnapshots.Live live, String text) {
        String named = text;
        for (Host host : live.hosts().values()) {
            named = named.replace(host.id(), host.name());
        }
        return named;
    }

    private String inventoryName(String hostId) {
        try {
            return inventory.host(hostId).name();
        } catch (StrataException e) {
            return hostId;
        }
    }

    private String vmName(String vmId) {
        try {
            return vms.vm(vmId).name();
        } catch (StrataException e) {
            return vmId;
        }
    }

    private static String describe(Task end) {
        return end.state().name().toLowerCase(Locale.ROOT)
                + (end.errorMessage() == null ? "" : ": " + end.errorMessage());
    }
}
