package org.strata.core.monitoring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;
import org.strata.api.inventory.HostState;
import org.strata.core.CoreSettings;
import org.strata.core.HostRound;
import org.strata.core.Rounds;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.sessions.HostSessions;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;
import org.strata.repository.VmStore;
import org.strata.spi.Capability;
import org.strata.spi.hypervisor.HostStats;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmStats;

/**
 * Samples, every interval, the counters of each available hypervisor host and of each of its running VMs
 * (when the host's driver has HOST_STATISTICS and VM_STATISTICS), and stores the rates between two consecutive
 * samples in the {@link MetricsStore}. The last raw sample per series is kept for that, one per series.
 * Unreachable hosts are skipped: the sessions know, and asking them again would only wait.
 */
@Component(
        service = Monitor.class,
        immediate = true,
        configurationPid = "org.strata.core",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class Monitor {

    private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);

    private final VmStore repository;
    private final HostStore hostStore;
    private final DriverRegistry drivers;
    private final HostSessions sessions;
    private final MetricsStore store;
    private final ScheduledExecutorService scheduler;
    private final Map<String, VmStats> lastVm = new ConcurrentHashMap<>();
    private final Map<String, HostStats> lastHost = new ConcurrentHashMap<>();
    private final Rounds rounds;
    private final HostRound hosts;

    @Activate
    public Monitor(
            @Reference VmStore repository,
            @Reference HostStore hostStore,
            @Reference DriverRegistry drivers,
            @Reference HostSessions sessions,
            @Reference MetricsStore store,
            CoreSettings settings) {
        this(
                repository,
                hostStore,
                drivers,
                sessions,
                store,
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "strata-monitor");
                    thread.setDaemon(true);
                    return thread;
                }),
                Duration.ofSeconds(Math.max(1, settings.monitor_interval_seconds())),
                HostRound.configured(settings.monitor_parallelism()));
    }

    /** One host at a time. */
    public Monitor(
            VmStore repository,
            HostStore hostStore,
            DriverRegistry drivers,
            HostSessions sessions,
            MetricsStore store,
            ScheduledExecutorService scheduler,
            Duration interval) {
        this(repository, hostStore, drivers, sessions, store, scheduler, interval, 1);
    }

    /**
     * @param interval    between two samples; zero for none (tests call {@link #sample})
     * @param parallelism hosts sampled at once ({@code monitor.parallelism})
     */
    // The periodic rounds run until the scheduler is shut down on close and catch their own failures: no future to
    // keep.
    @SuppressWarnings("FutureReturnValueIgnored")
    public Monitor(
            VmStore repository,
            HostStore hostStore,
            DriverRegistry drivers,
            HostSessions sessions,
            MetricsStore store,
            ScheduledExecutorService scheduler,
            Duration interval,
            int parallelism) {
        this.repository = repository;
        this.hosts = new HostRound("strata-monitor", parallelism);
        this.hostStore = hostStore;
        this.drivers = drivers;
        this.sessions = sessions;
        this.store = store;
        this.scheduler = scheduler;
        this.rounds = new Rounds(Monitor.class, "Statistics round", "monitor.interval.seconds", interval);
        if (!interval.isZero()) {
            scheduler.scheduleWithFixedDelay(
                    this::sampleQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    public void close() {
        scheduler.shutdownNow();
        hosts.close();
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("Statistics round failed: {}", e.getMessage(), e);
        }
    }

    /**
     * One round: every available host and its running VMs, {@code monitor.parallelism} hosts at a time. The stores
     * written per host (the last samples, the {@link MetricsStore}) are concurrent maps of per-series entries; no
     * two hosts write the same series.
     */
    public void sample() {
        long start = System.nanoTime();
        List<StoredHost> all = HypervisorHosts.of(hostStore, drivers);
        Set<String> hostIds = new HashSet<>();
        List<StoredHost> available = new ArrayList<>();
        for (StoredHost host : all) {
            hostIds.add(host.id());
            if (sessions.state(host.id()).state() == HostState.AVAILABLE) {
                available.add(host);
            }
        }
        Set<String> vmIds = ConcurrentHashMap.newKeySet();
        hosts.forEach(available, host -> {
            try {
                sampleHost(host, vmIds);
            } catch (StrataException e) {
                LOG.debug("No statistics from host {}: {}", host.name(), e.getMessage());
            }
        });
        // Series of hosts and VMs that are gone, or no longer sampled, must not hold memory.
        lastHost.keySet().retainAll(hostIds);
        lastVm.keySet().retainAll(vmIds);
        store.retainHosts(hostIds);
        store.retainVms(repository.vmIds());
        rounds.done(
                start,
                hostIds.size() + " hosts and " + vmIds.size() + " running VMs"
                        + (hosts.parallelism() > 1 ? ", " + hosts.parallelism() + " hosts at a time" : ""));
    }

    private void sampleHost(StoredHost host, Set<String> sampledVms) {
        Set<Capability> capabilities = sessions.capabilities(host);
        if (capabilities.contains(Capability.HOST_STATISTICS)) {
            HostStats now = sessions.call(host, s -> s.hostStats());
            HostStats before = lastHost.put(host.id(), now);
            if (before != null) {
                Rates.host(before, now).ifPresent(sample -> store.addHost(host.id(), sample));
            }
        }
        if (!capabilities.contains(Capability.VM_STATISTICS)) {
            return;
        }
        // One call for the host's running VMs (drivers that can read them all at once do), then the repository's
        // VMs of the host matched by the hypervisor's id: a VM the hypervisor runs is sampled even while the
        // repository has not yet seen it start.
        Map<String, VmStats> counters = sessions.call(host, HypervisorSession::runningVmStats);
        if (counters.isEmpty()) {
            return;
        }
        // Ids only: reading the VMs whole would parse every spec of the host for nothing.
        Map<String, String> ids = repository.vmIdsByHypervisorId(host.id());
        for (Map.Entry<String, VmStats> counter : counters.entrySet()) {
            String vmId = ids.get(counter.getKey());
            if (vmId == null) {
                continue;
            }
            VmStats now = counter.getValue();
            sampledVms.add(vmId);
            VmStats before = lastVm.put(vmId, now);
            if (before != null) {
                Rates.vm(before, now).ifPresent(sample -> store.addVm(vmId, sample));
            }
        }
    }
}
