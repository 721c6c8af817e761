package org.strata.core.monitoring;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.strata.api.event.Event;
import org.strata.api.inventory.HostState;
import org.strata.api.monitor.GuestMonitoring;
import org.strata.api.monitor.GuestSample;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmState;
import org.strata.core.CoreSettings;
import org.strata.core.HostRound;
import org.strata.core.Rounds;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.events.EventLog;
import org.strata.core.sessions.HostSessions;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;
import org.strata.repository.VmStore;
import org.strata.spi.hypervisor.GuestInfo;

/**
 * Asks, every {@code guest.interval.seconds}, the guest agent of each running VM of every available hypervisor host
 * what it reports (OS, host name, addresses, file systems), {@code monitor.parallelism} hosts at a time as the
 * {@link Monitor} does, and keeps per VM the last answer and a short ring of each file system's use, in memory. VMs
 * that stop or go are dropped at the next round; a host that cannot be asked this round (unreachable, failing) keeps
 * its VMs' state as it was, and its round does not count as silence.
 *
 * <p>A VM without an answering agent is a state, with the hypervisor's reason, never an error or a log line. A host
 * whose driver answers UNSUPPORTED is remembered and skipped until its driver arrives anew (a bundle update can bring
 * guest agent support) or the host changes driver.
 *
 * <p>Thresholds raise events, one per change and never one per round: a file system reaching
 * {@code guest.filesystem.full.percent} (also at the first sample: a guest found full must be reported), and back
 * below it less the hysteresis; an agent that answered and then is silent for {@code guest.silent.rounds} rounds while
 * its VM runs, and its return.
 */
@Component(
        service = {GuestSampler.class, GuestMonitoring.class},
        immediate = true,
        configurationPid = "org.strata.core",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class GuestSampler implements GuestMonitoring {

    private static final Logger LOG = LoggerFactory.getLogger(GuestSampler.class);

    /** File systems kept per VM: a guest with hundreds of container mounts must not grow the heap without bound. */
    static final int MAX_FILE_SYSTEMS = 32;
    /** Addresses kept per VM, for the same reason (drivers bound what one agent may report, this bounds the rest). */
    static final int MAX_ADDRESSES = 64;

    /**
     * The sampler's settings.
     *
     * @param interval     between two rounds; zero for none (tests call {@link #sample})
     * @param parallelism  hosts asked at once
     * @param fullPercent  use (percent) at or above which a file system is full
     * @param hysteresis   points below {@code fullPercent} a full file system must fall to be cleared
     * @param silentRounds rounds without an answer before an agent that answered is silent
     * @param samples      recent uses kept per file system
     */
    public record Settings(
            Duration interval, int parallelism, int fullPercent, int hysteresis, int silentRounds, int samples) {
        public Settings {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("interval is negative: " + interval);
            }
            parallelism = HostRound.configured(parallelism);
            fullPercent = Math.max(1, Math.min(100, fullPercent));
            hysteresis = Math.max(0, Math.min(fullPercent, hysteresis));
            silentRounds = Math.max(1, silentRounds);
            samples = Math.max(1, samples);
        }

        static Settings of(CoreSettings s) {
            return new Settings(
                    Duration.ofSeconds(Math.max(0, s.guest_interval_seconds())),
                    s.monitor_parallelism(),
                    s.guest_filesystem_full_percent(),
                    s.guest_filesystem_hysteresis_percent(),
                    s.guest_silent_rounds(),
                    s.guest_filesystem_samples());
        }
    }

    private final VmStore vms;
    private final HostStore hostStore;
    private final DriverRegistry drivers;
    private final HostSessions sessions;
    private final EventLog events;
    private final Clock clock;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final HostRound hosts;
    private final Rounds rounds;
    private final AutoCloseable arrivals;
    /** By VM id: what its guest last said; only the thread sampling its host writes one. */
    private final Map<String, Guest> guests = new ConcurrentHashMap<>();
    /** Whether a round ran: without a schedule, only callers of {@link #sample()} (tests, the bench) make rounds. */
    private volatile boolean sampledOnce;
    /** Host id, then the id of the driver that answered UNSUPPORTED for it. */
    private final Map<String, String> unsupported = new ConcurrentHashMap<>();

    @Activate
    public GuestSampler(
            @Reference VmStore vms,
            @Reference HostStore hostStore,
            @Reference DriverRegistry drivers,
            @Reference HostSessions sessions,
            @Reference EventLog events,
            CoreSettings settings) {
        this(
                vms,
                hostStore,
                drivers,
                sessions,
                events,
                Clock.systemUTC(),
                Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread thread = new Thread(r, "strata-guest-sampler");
                    thread.setDaemon(true);
                    return thread;
                }),
                Settings.of(settings));
    }

    // The periodic rounds run until the scheduler is shut down on close and catch their own failures: no future to
    // keep.
    @SuppressWarnings("FutureReturnValueIgnored")
    public GuestSampler(
            VmStore vms,
            HostStore hostStore,
            DriverRegistry drivers,
            HostSessions sessions,
            EventLog events,
            Clock clock,
            ScheduledExecutorService scheduler,
            Settings settings) {
        this.vms = vms;
        this.hostStore = hostStore;
        this.drivers = drivers;
        this.sessions = sessions;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.scheduler = scheduler;
        this.hosts = new HostRound("strata-guest-sampler", settings.parallelism());
        this.rounds = new Rounds(GuestSampler.class, "Guest round", "guest.interval.seconds", settings.interval());
        this.arrivals = drivers.onArrival(driverId -> unsupported.values().removeIf(driverId::equals));
        Duration interval = settings.interval();
        if (!interval.isZero()) {
            scheduler.scheduleWithFixedDelay(
                    this::sampleQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    public void close() {
        scheduler.shutdownNow();
        hosts.close();
        try {
            arrivals.close();
        } catch (Exception e) {
            LOG.debug("Ending the driver subscription failed: {}", e.getMessage());
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("Guest round failed: {}", e.getMessage(), e);
        }
    }

    /** One round over every available hypervisor host whose driver can ask guest agents. */
    public void sample() {
        long start = System.nanoTime();
        Set<String> hostIds = new HashSet<>();
        Set<String> kept = ConcurrentHashMap.newKeySet();
        List<StoredHost> asked = new ArrayList<>();
        for (StoredHost host : HypervisorHosts.of(hostStore, drivers)) {
            hostIds.add(host.id());
            if (host.driverId().equals(unsupported.get(host.id()))) {
                continue;
            }
            unsupported.remove(host.id());
            if (sessions.state(host.id()).state() == HostState.AVAILABLE) {
                asked.add(host);
            } else {
                kept.addAll(vms.vmIdsByHypervisorId(host.id()).values());
            }
        }
        Set<String> sampled = ConcurrentHashMap.newKeySet();
        hosts.forEach(asked, host -> {
            try {
                sampleHost(host, sampled);
            } catch (StrataException e) {
                // Not asked this round: what its guests said last stays, and this round is no silence of theirs.
                kept.addAll(vms.vmIdsByHypervisorId(host.id()).values());
                LOG.debug("No guest samples from host {}: {}", host.name(), e.getMessage());
            }
        });
        kept.addAll(sampled);
        guests.keySet().retainAll(kept);
        unsupported.keySet().retainAll(hostIds);
        sampledOnce = true;
        rounds.done(
                start,
                asked.size() + " hosts and " + sampled.size() + " running VMs"
                        + (hosts.parallelism() > 1 ? ", " + hosts.parallelism() + " hosts at a time" : ""));
    }

    private void sampleHost(StoredHost host, Set<String> sampled) {
        Instant now = clock.instant();
        for (VirtualMachine vm : vms.vmsOfHost(host.id())) {
            if (vm.state() != VmState.RUNNING || vm.hypervisorId() == null) {
                continue;
            }
            GuestInfo info;
            try {
                info = sessions.call(host, s -> s.guestInfo(vm.hypervisorId()));
            } catch (StrataException e) {
                switch (e.code()) {
                    case UNSUPPORTED -> {
                        unsupported.put(host.id(), host.driverId());
                        return;
                    }
                    case NOT_FOUND -> {
                        continue; // gone meanwhile: the reconcile tells the inventory
                    }
                    case CONFLICT, DRIVER_FAILURE -> info = GuestInfo.noAgent(e.getMessage());
                    default -> throw e;
                }
            }
            sampled.add(vm.id());
            guests.computeIfAbsent(vm.id(), Guest::new).record(vm.name(), info, now);
        }
    }

    @Override
    public GuestSample sample(String vmId) {
        VirtualMachine vm = vms.vm(vmId).orElseThrow(() -> StrataException.notFound("vm", vmId));
        Guest guest = guests.get(vmId);
        if (guest != null) {
            return guest.snapshot();
        }
        if (vm.state() != VmState.RUNNING) {
            return GuestSample.none(vmId, "the VM is " + vm.state() + ": only running VMs' agents are asked");
        }
        if (unsupported.containsKey(vm.hostId())) {
            return GuestSample.none(vmId, "the driver of the VM's host cannot ask guest agents");
        }
        if (settings.interval().isZero() && !sampledOnce) {
            return GuestSample.none(vmId, "guest sampling is off (guest.interval.seconds = 0)");
        }
        return GuestSample.none(vmId, "not sampled yet");
    }

    @Override
    public List<String> vmsWithAddress(String address) {
        if (address == null || address.isBlank()) {
            throw StrataException.invalid("an address is needed");
        }
        String wanted = normal(address.trim());
        List<String> found = new ArrayList<>();
        for (Guest guest : guests.values()) {
            if (guest.addresses.contains(wanted)) {
                found.add(guest.vmId);
            }
        }
        return found;
    }

    /** How many VMs have a sample; for tests and the bench. */
    public int size() {
        return guests.size();
    }

    private static String normal(String address) {
        return address.indexOf(':') >= 0 ? address.toLowerCase(Locale.ROOT) : address;
    }

    private static boolean loopback(GuestInfo.Interface nic, GuestInfo.Address a) {
        return "lo".equals(nic.name()) || a.address().startsWith("127.") || "::1".equals(a.address());
    }

    /** One VM's guest; written by one thread at a time (its host's), read by any under its monitor. */
    private final class Guest {
        final String vmId;
        /** Read without the monitor by address lookups: replaced whole, never changed. */
        volatile List<String> addresses = List.of();

        private Instant at;
        private boolean agentRunning;
        private String reason;
        private Instant answeredAt;
        private int silentRounds;
        private boolean silentRaised;
        private String os;
        private String kernel;
        private String hostname;
        private final Map<String, Mount> mounts = new LinkedHashMap<>();

        Guest(String vmId) {
            this.vmId = vmId;
        }

        void record(String vmName, GuestInfo info, Instant now) {
            List<Event.Severity> severities = new ArrayList<>();
            List<String> types = new ArrayList<>();
            List<String> messages = new ArrayList<>();
            synchronized (this) {
                at = now;
                agentRunning = info.agentAnswered();
                if (!info.agentAnswered()) {
                    reason = info.reason();
                    silentRounds++;
                    if (answeredAt != null && !silentRaised && silentRounds >= settings.silentRounds()) {
                        silentRaised = true;
                        severities.add(Event.Severity.WARNING);
                        types.add("GUEST_AGENT_SILENT");
                        messages.add("The guest agent of VM '" + vmName + "' has not answered for " + silentRounds
                                + " rounds while the VM runs (last answer " + answeredAt + "): " + reason);
                    }
                } else {
                    if (silentRaised) {
                        silentRaised = false;
                        severities.add(Event.Severity.INFO);
                        types.add("GUEST_AGENT_BACK");
                        messages.add("The guest agent of VM '" + vmName + "' answers again, after " + silentRounds
                                + " silent rounds");
                    }
                    reason = null;
                    silentRounds = 0;
                    answeredAt = now;
                    os = info.os().getOrDefault("pretty-name", info.os().get("name"));
                    kernel = info.os().get("kernel-release");
                    hostname = info.hostname();
                    List<String> found = new ArrayList<>();
                    for (GuestInfo.Interface nic : info.interfaces()) {
                        for (GuestInfo.Address a : nic.addresses()) {
                            String address = normal(a.address());
                            if (!loopback(nic, a) && !found.contains(address) && found.size() < MAX_ADDRESSES) {
                                found.add(address);
                            }
                        }
                    }
                    addresses = List.copyOf(found);
                    fileSystems(vmName, info.fileSystems(), now, severities, types, messages);
                }
            }
            for (int i = 0; i < types.size(); i++) {
                events.record(severities.get(i), types.get(i), "vm", vmId, messages.get(i));
            }
        }

        private void fileSystems(
                String vmName,
                List<GuestInfo.FileSystem> reported,
                Instant now,
                List<Event.Severity> severities,
                List<String> types,
                List<String> messages) {
            Set<String> seen = new HashSet<>();
            for (GuestInfo.FileSystem fs : reported) {
                Mount mount = mounts.get(fs.mountpoint());
                if (mount == null) {
                    if (mounts.size() >= MAX_FILE_SYSTEMS) {
                        continue;
                    }
                    mount = new Mount(settings.samples());
                    mounts.put(fs.mountpoint(), mount);
                }
                seen.add(fs.mountpoint());
                mount.type = fs.type();
                mount.totalBytes = fs.totalBytes();
                mount.usedBytes = fs.usedBytes();
                double used = fs.usedPercent();
                if (used < 0) {
                    continue; // unknown: no use to keep, and no change of state
                }
                mount.add(now, used);
                int full = settings.fullPercent();
                if (!mount.full && used >= full) {
                    mount.full = true;
                    severities.add(Event.Severity.WARNING);
                    types.add("GUEST_FILESYSTEM_FULL");
                    messages.add("File system '" + fs.mountpoint() + "' of VM '" + vmName + "' is " + percent(used)
                            + " full" + bytes(fs) + ", at or above " + full + " %");
                } else if (mount.full && used < full - settings.hysteresis()) {
                    mount.full = false;
                    severities.add(Event.Severity.INFO);
                    types.add("GUEST_FILESYSTEM_CLEARED");
                    messages.add("File system '" + fs.mountpoint() + "' of VM '" + vmName + "' is "
                            + percent(used) + " full" + bytes(fs) + ", below " + (full - settings.hysteresis())
                            + " % again");
                }
            }
            for (Iterator<Map.Entry<String, Mount>> it = mounts.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Mount> e = it.next();
                if (!seen.contains(e.getKey())) {
                    if (e.getValue().full) {
                        severities.add(Event.Severity.INFO);
                        types.add("GUEST_FILESYSTEM_CLEARED");
                        messages.add("File system '" + e.getKey() + "' of VM '" + vmName
                                + "' is no longer reported by the guest (it was full)");
                    }
                    it.remove();
                }
            }
        }

        synchronized GuestSample snapshot() {
            List<GuestSample.GuestFileSystem> fileSystems = new ArrayList<>(mounts.size());
            mounts.forEach((mountpoint, m) -> fileSystems.add(new GuestSample.GuestFileSystem(
                    mountpoint, m.type, m.totalBytes, m.usedBytes, m.lastPercent(), m.full, m.recent())));
            return new GuestSample(
                    vmId,
                    at,
                    agentRunning,
                    reason,
                    answeredAt,
                    silentRounds,
                    os,
                    kernel,
                    hostname,
                    addresses,
                    fileSystems);
        }
    }

    private static String percent(double used) {
        return String.format(Locale.ROOT, "%.1f %%", used);
    }

    private static String bytes(GuestInfo.FileSystem fs) {
        return String.format(
                Locale.ROOT, " (%.2f of %.2f GiB used)", fs.usedBytes() / 1073741824.0, fs.totalBytes() / 1073741824.0);
    }

    /**
     * One file system of a guest: its last size and use, and a ring of its recent uses kept as epoch seconds and
     * floats: 12 bytes a use, where a record of an Instant and a double would take about 56 (not measured apart).
     */
    private static final class Mount {
        String type;
        long totalBytes;
        long usedBytes;
        boolean full;
        private final long[] seconds;
        private final float[] percents;
        private int next;
        private int count;

        Mount(int samples) {
            seconds = new long[samples];
            percents = new float[samples];
        }

        void add(Instant at, double percent) {
            seconds[next] = at.getEpochSecond();
            percents[next] = (float) percent;
            next = (next + 1) % seconds.length;
            count = Math.min(count + 1, seconds.length);
        }

        double lastPercent() {
            if (totalBytes <= 0 || usedBytes < 0) {
                return -1;
            }
            return 100.0 * usedBytes / totalBytes;
        }

        List<GuestSample.Use> recent() {
            List<GuestSample.Use> uses = new ArrayList<>(count);
            int first = (next - count + seconds.length) % seconds.length;
            for (int i = 0; i < count; i++) {
                int at = (first + i) % seconds.length;
                uses.add(new GuestSample.Use(Instant.ofEpochSecond(seconds[at]), percents[at]));
            }
            return uses;
        }
    }
}
