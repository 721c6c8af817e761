package org.strata.datacenter.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
import org.strata.api.StrataException;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.datacenter.ClusterPolicy;
import org.strata.api.datacenter.UsageSampling;
import org.strata.api.inventory.HostState;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.monitor.VmSample;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmService;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.datacenter.allocation.Pages;
import org.strata.datacenter.schedule.ClusterCalendars;
import org.strata.engine.LiveHosts;
import org.strata.repository.ClusterStore;
import org.strata.repository.ClusterUsageRow;
import org.strata.repository.DatacenterStore;
import org.strata.repository.PoolUsageRow;
import org.strata.repository.UsageStore;
import org.strata.repository.VmStore;

/**
 * Records the samples behind the cost and utilization report: every {@code intervalMinutes} (PID {@value #PID}) one
 * row per pool (reservation, allocation and measured use of its VMs) and one per cluster (hosts, hosts on, hosts saved
 * by the power-saving policy), all in one transaction; once an hour, raw samples older than {@code rawDays} become
 * hourly roll-ups and rows older than {@code keepDays} go. Same way of running as the balancing rounds: one daemon
 * thread of its own.
 */
@Component(
        service = UsageRecorder.class,
        configurationPid = UsageRecorder.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = UsageRecorder.Config.class)
public final class UsageRecorder {

    public static final String PID = "org.strata.datacenter.usage";

    private static final Logger LOG = LoggerFactory.getLogger(UsageRecorder.class);
    /** A VM sample older than this is not what the VM does now (as the balancing rounds read them). */
    private static final Duration FRESH = Duration.ofMinutes(2);

    @ObjectClassDefinition(
            name = "Strata usage recorder",
            description = "Samples behind the cost and utilization report (docs/datacenter.md).")
    public @interface Config {
        @AttributeDefinition(min = "1", max = "60", description = "Minutes between two samples.")
        int intervalMinutes() default 5;

        @AttributeDefinition(min = "1", description = "Days raw samples are kept before they become hourly roll-ups.")
        int rawDays() default 14;

        @AttributeDefinition(min = "1", description = "Days any sample is kept.")
        int keepDays() default 400;
    }

    private final DatacenterStore datacenters;
    private final VmStore vmStore;
    private final ClusterStore clusters;
    private final UsageStore usage;
    private final LiveHosts live;
    private final VmService vms;
    private final ClusterCalendars calendars;
    private final Clock clock;
    private final Duration interval;
    private final Duration raw;
    private final Duration keep;
    private final ScheduledExecutorService timer;
    private final ScheduledFuture<?> rounds;
    private Instant previous;
    private Instant housekept;

    @Activate
    public UsageRecorder(
            Config config,
            @Reference DatacenterStore datacenters,
            @Reference VmStore vmStore,
            @Reference ClusterStore clusters,
            @Reference UsageStore usage,
            @Reference LiveHosts live,
            @Reference VmService vms,
            @Reference ClusterCalendars calendars) {
        this.datacenters = datacenters;
        this.vmStore = vmStore;
        this.clusters = clusters;
        this.usage = usage;
        this.live = live;
        this.vms = vms;
        this.calendars = calendars;
        this.clock = Clock.systemUTC();
        this.interval = Duration.ofMinutes(Math.max(1, config.intervalMinutes()));
        this.raw = Duration.ofDays(Math.max(1, config.rawDays()));
        this.keep = Duration.ofDays(Math.max(config.rawDays(), config.keepDays()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strata-usage");
            t.setDaemon(true);
            return t;
        });
        this.rounds = timer.scheduleWithFixedDelay(
                this::periodic, interval.toSeconds(), interval.toSeconds(), TimeUnit.SECONDS);
    }

    @Deactivate
    void close() {
        rounds.cancel(false);
        timer.shutdownNow();
    }

    Duration interval() {
        return interval;
    }

    private void periodic() {
        try {
            sample();
            housekeeping();
        } catch (RuntimeException e) {
            // The next round tries again; a round must never end the timer.
            LOG.warn("A usage sample failed: {}", e.getMessage(), e);
        }
    }

    /**
     * Takes one sample now. It stands for the time since the sample before it, at most one interval (the first after a
     * start stands for one interval: what ran before the start is not known).
     */
    public synchronized UsageSampling sample() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (previous != null && !now.isAfter(previous)) {
            now = previous.plusMillis(1); // two samples in one millisecond: keep the key unique
        }
        long since = previous == null
                ? interval.toSeconds()
                : Duration.between(previous, now).toSeconds();
        int period = (int) Math.max(1, Math.min(interval.toSeconds(), since));
        List<PoolUsageRow> poolRows = new ArrayList<>();
        for (ResourcePool pool : datacenters.allPools()) {
            poolRows.add(poolRow(pool, now, period));
        }
        List<ClusterUsageRow> clusterRows = new ArrayList<>();
        for (Cluster cluster : Pages.all(page -> clusters.clusters(null, page))) {
            clusterRows.add(clusterRow(cluster, now, period));
        }
        usage.record(poolRows, clusterRows);
        previous = now;
        return new UsageSampling(now, poolRows.size(), clusterRows.size());
    }

    private PoolUsageRow poolRow(ResourcePool pool, Instant now, int period) {
        int cpus = 0;
        long memory = 0;
        double cpuUsed = 0;
        double memoryUsed = 0;
        List<VirtualMachine> members = vmStore.vmsOfPool(pool.id());
        int running = 0;
        for (VirtualMachine vm : members) {
            if (!DatacenterView.allocated(vm)) {
                continue;
            }
            running++;
            cpus += vm.cpus();
            memory += vm.memoryMb();
            VmSample last = latest(vm, now);
            if (last != null) {
                // What the VM's own counters measured; a VM without a fresh sample adds nothing (not known).
                cpuUsed += Math.max(vm.cpus() * last.cpuPercent() / 100.0, 0);
                memoryUsed += Math.max(Math.min(last.memoryUsedMb(), vm.memoryMb()), 0);
            }
        }
        return new PoolUsageRow(
                pool.id(),
                now,
                false,
                period,
                pool.tenantId(),
                pool.clusterId(),
                pool.cpuReservation(),
                cpus,
                cpuUsed,
                pool.memoryReservationMb(),
                memory,
                memoryUsed,
                members.size(),
                running);
    }

    private VmSample latest(VirtualMachine vm, Instant now) {
        try {
            List<VmSample> samples = vms.stats(vm.id(), now.minus(FRESH), null);
            return samples.isEmpty() ? null : samples.get(samples.size() - 1);
        } catch (StrataException e) {
            return null; // the VM went away meanwhile, or its host's driver is not running
        }
    }

    private ClusterUsageRow clusterRow(Cluster cluster, Instant now, int period) {
        String policy = calendars.active(cluster).policy();
        ClusterPolicy known = ClusterPolicy.named(policy);
        boolean powerSaving = known != null && known.powerSaving();
        int hosts = 0;
        int on = 0;
        int saved = 0;
        Set<String> standby = clusters.standby(cluster.id()).keySet();
        for (ClusterHost member : clusters.members(cluster.id())) {
            hosts++;
            boolean reached = reached(member.hostId());
            if (reached) {
                on++;
            } else if (powerSaving && standby.contains(member.hostId())) {
                // Powered off by power management while the policy saves power: saved. A host down for any other
                // reason (a failure, maintenance) is not (docs/datacenter.md).
                saved++;
            }
        }
        return new ClusterUsageRow(cluster.id(), now, false, period, policy, hosts, on, saved);
    }

    /** Powered on as far as the platform can tell: its driver reached it at the last contact. */
    private boolean reached(String hostId) {
        try {
            return live.status(hostId).state() == HostState.AVAILABLE;
        } catch (StrataException e) {
            return false;
        }
    }

    /** Once an hour: raw samples past their retention become hourly roll-ups, and rows past the whole one go. */
    private synchronized void housekeeping() {
        Instant now = clock.instant();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        if (hour.equals(housekept)) {
            return;
        }
        int rolled = usage.rollUp(now.minus(raw));
        int pruned = usage.prune(now.minus(keep));
        housekept = hour;
        if (rolled + pruned > 0) {
            LOG.info("Usage samples: {} raw rows rolled up into hours, {} rows past {} pruned", rolled, pruned, keep);
        }
    }
}
