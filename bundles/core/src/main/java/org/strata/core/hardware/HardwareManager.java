package org.strata.core.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.hardware.BmcCredentials;
import org.strata.api.hardware.DiscoveryRequest;
import org.strata.api.hardware.FruRecord;
import org.strata.api.hardware.HardwareInventory;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.MachinePower;
import org.strata.api.hardware.PowerStatesRequest;
import org.strata.api.hardware.SelRecord;
import org.strata.api.hardware.Sensor;
import org.strata.api.hardware.SensorSample;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.operation.Operation;
import org.strata.api.operation.OperationTarget;
import org.strata.api.operation.Operations;
import org.strata.api.task.Task;
import org.strata.core.CoreSettings;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.drivers.DriverVocabulary;
import org.strata.core.events.EventLog;
import org.strata.core.monitoring.MetricsStore;
import org.strata.core.sessions.SessionCalls;
import org.strata.core.sessions.SessionPool;
import org.strata.core.tasks.TaskManager;
import org.strata.engine.Fencing;
import org.strata.engine.Lane;
import org.strata.engine.TaskContext;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.repository.DatacenterStore;
import org.strata.repository.HostStore;
import org.strata.repository.MachineIdentity;
import org.strata.repository.MachineStore;
import org.strata.repository.StoredHost;
import org.strata.spi.Capability;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;
import org.strata.spi.hardware.BmcIdentity;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hardware.BmcSession.BootDevice;
import org.strata.spi.hardware.BmcSession.ChassisPower;
import org.strata.spi.hardware.BmcSession.PowerAction;
import org.strata.spi.hardware.FruInfo;
import org.strata.spi.hardware.HardwareDriver;
import org.strata.spi.hardware.SelEntry;
import org.strata.spi.hardware.SensorReading;

/**
 * The hardware service, over any hardware driver. As for VMs, every request is checked before a task starts:
 * its input (400), the machine and its driver (404, 503) and the driver's capability (501); a change is a task
 * that asks the BMC and then reads the state back, and its result is what was read. Reads are live.
 *
 * <p>Sessions to BMCs are pooled per machine and closed when idle (a {@link SessionPool}); sensors are polled on
 * a schedule ({@link SensorWatch}); discovery scans with bounded parallelism ({@link Discovery}).
 */
@Component(
        service = {HardwareService.class, HardwareManager.class, Fencing.class},
        immediate = true,
        configurationPid = "org.strata.core",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HardwareManager implements HardwareService, Fencing, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HardwareManager.class);
    private static final Map<String, PowerAction> ACTIONS = Map.of(
            "on",
            PowerAction.ON,
            "off",
            PowerAction.OFF,
            "softoff",
            PowerAction.SOFT_OFF,
            "cycle",
            PowerAction.CYCLE,
            "reset",
            PowerAction.RESET,
            "identify",
            PowerAction.IDENTIFY);
    private static final Map<String, BootDevice> DEVICES =
            Map.of("pxe", BootDevice.PXE, "disk", BootDevice.DISK, "cdrom", BootDevice.CDROM, "bios", BootDevice.BIOS);
    private static final int MAX_CREDENTIALS = 16;
    /** A sane length for any protocol's user name or password; each driver's own limit is in its vocabulary. */
    private static final int MAX_CREDENTIAL_LENGTH = 256;
    /** Larger than any BMC firmware image we know of (a few to 64 MiB); the whole image is held in memory. */
    private static final long MAX_FIRMWARE_BYTES = 256L << 20;

    /**
     * Timings and sizes, from {@link CoreSettings} in production.
     *
     * @param sensorInterval between two sensor polls; zero for none (tests call {@link #pollSensors})
     * @param sessionIdle    a BMC session unused this long is closed; the sweep runs on the same scheduler
     * @param settle         how long a power task waits for the chassis to reach the state asked for
     * @param settlePoll     how often it asks meanwhile
     * @param sweepParallelism BMCs asked at once by power-state sweeps, all sweeps together
     */
    public record Tuning(
            Duration sensorInterval,
            Duration sessionIdle,
            int discoveryParallelism,
            Duration discoveryTimeout,
            Duration settle,
            Duration settlePoll,
            int sweepParallelism) {

        /** With {@link #DEFAULT_SWEEP_PARALLELISM} BMCs asked at once by sweeps. */
        public Tuning(
                Duration sensorInterval,
                Duration sessionIdle,
                int discoveryParallelism,
                Duration discoveryTimeout,
                Duration settle,
                Duration settlePoll) {
            this(
                    sensorInterval,
                    sessionIdle,
                    discoveryParallelism,
                    discoveryTimeout,
                    settle,
                    settlePoll,
                    DEFAULT_SWEEP_PARALLELISM);
        }
    }

    /**
     * BMCs asked at once by power-state sweeps. Why 16: the IPMI driver sends through 32 pooled sockets, shared
     * with sensor polls and single requests; and on the 2 cores of the fleet benchmark, where each simulated BMC
     * forks a shell per power status, more in flight only queue for CPU (see docs/performance.md, issue 16).
     */
    public static final int DEFAULT_SWEEP_PARALLELISM = 16;
    /** Ids are at most this long everywhere (the OpenAPI document, SOAP's id limit). */
    private static final int MAX_ID_LENGTH = 64;

    private final HostStore repository;
    private final DatacenterStore datacenterStore;
    private final MachineStore machineStore;
    private final DriverRegistry drivers;
    private final TaskManager tasks;
    private final EventLog events;
    private final MetricsStore metrics;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Tuning tuning;
    private final SessionPool<HardwareDriver, BmcSession> sessions;
    private final SensorWatch sensorWatch;
    private final Discovery discovery;
    /**
     * The workers of every power-state sweep, shared so that concurrent sweeps together ask at most
     * {@link Tuning#sweepParallelism()} BMCs at once; idle workers end after a minute, so no sweep, no thread.
     */
    private final ThreadPoolExecutor sweepWorkers;

    @Activate
    public HardwareManager(
            @Reference HostStore repository,
            @Reference DatacenterStore datacenterStore,
            @Reference MachineStore machineStore,
            @Reference DriverRegistry drivers,
            @Reference TaskManager tasks,
            @Reference EventLog events,
            @Reference MetricsStore metrics,
            CoreSettings settings) {
        this(
                repository,
                datacenterStore,
                machineStore,
                drivers,
                tasks,
                events,
                metrics,
                Clock.systemUTC(),
                // Two threads: closing idle sessions must not wait for a sensor round over hundreds of BMCs,
                // or sessions outlive the BMCs' own idle timeout and their closes wait in vain.
                Executors.newScheduledThreadPool(2, r -> {
                    Thread thread = new Thread(r, "strata-hardware");
                    thread.setDaemon(true);
                    return thread;
                }),
                new Tuning(
                        Duration.ofSeconds(Math.max(1, settings.sensor_interval_seconds())),
                        Duration.ofSeconds(Math.max(1, settings.bmc_session_idle_seconds())),
                        Math.max(1, Math.min(64, settings.discovery_parallelism())),
                        Duration.ofMillis(Math.max(100, settings.discovery_timeout_ms())),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1),
                        Math.max(1, Math.min(64, settings.bmc_sweep_parallelism()))));
    }

    // The periodic rounds run until the scheduler is shut down on close and catch their own failures: no future to
    // keep.
    @SuppressWarnings("FutureReturnValueIgnored")
    public HardwareManager(
            HostStore repository,
            DatacenterStore datacenterStore,
            MachineStore machineStore,
            DriverRegistry drivers,
            TaskManager tasks,
            EventLog events,
            MetricsStore metrics,
            Clock clock,
            ScheduledExecutorService scheduler,
            Tuning tuning) {
        this.repository = repository;
        this.datacenterStore = datacenterStore;
        this.machineStore = machineStore;
        this.drivers = drivers;
        this.tasks = tasks;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
        this.scheduler = scheduler;
        this.tuning = tuning;
        // A BMC holds few sessions for all its clients: idle ones are closed; one that failed is not used again.
        this.sessions = new SessionPool<>(
                HardwareDriver.class,
                repository,
                drivers,
                clock,
                new SessionPool.Policy(
                        "machine", tuning.sessionIdle(), false, Set.of(Fault.UNREACHABLE, Fault.AUTHENTICATION_FAILED)),
                HardwareDriver::open,
                new SessionPool.Listener<>() {});
        this.sensorWatch = new SensorWatch(repository, drivers, sessions, metrics, events, clock);
        this.discovery = new Discovery(
                machineStore,
                repository,
                events,
                new Object(),
                tuning.discoveryParallelism(),
                tuning.discoveryTimeout());
        this.sweepWorkers = new ThreadPoolExecutor(
                tuning.sweepParallelism(),
                tuning.sweepParallelism(),
                60,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                r -> {
                    Thread thread = new Thread(r, "strata-bmc-sweep");
                    thread.setDaemon(true);
                    return thread;
                });
        sweepWorkers.allowCoreThreadTimeOut(true);
        if (!tuning.sensorInterval().isZero()) {
            long every = tuning.sensorInterval().toMillis();
            scheduler.scheduleWithFixedDelay(
                    () -> quietly("Sensor poll", sensorWatch::poll), every, every, TimeUnit.MILLISECONDS);
            // Often enough that a session is closed before the BMC drops it (25 s idle, swept by 30 s; OpenIPMI
            // drops after 30 s); a sweep with nothing to close only reads the slots.
            long sweep = Math.max(1000, Math.min(10_000, tuning.sessionIdle().toMillis() / 5));
            scheduler.scheduleWithFixedDelay(
                    () -> quietly("Closing idle BMC sessions", sessions::closeIdle),
                    sweep,
                    sweep,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    @Override
    public void close() {
        scheduler.shutdownNow();
        sweepWorkers.shutdownNow();
        sessions.close();
    }

    private static void quietly(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed: {}", what, e.getMessage(), e);
        }
    }

    /** One sensor round now; the schedule calls it, and tests. */
    public void pollSensors() {
        sensorWatch.poll();
    }

    /** Closes the BMC sessions idle for longer than the idle time; the schedule calls it, and tests. */
    public void closeIdleSessions() {
        sessions.closeIdle();
    }

    /** How many BMC sessions are open now; for tests and diagnostics. */
    public int openSessions() {
        return sessions.openCount();
    }

    /** Closes the machine's session: an operator changed or removed its host. */
    public void forget(String hostId) {
        sessions.forget(hostId);
    }

    // ---- discovery

    @Override
    public Task discover(DiscoveryRequest request, String principal) {
        if (request == null) {
            throw StrataException.invalid("a discovery request is required");
        }
        Discovery.Plan plan = plan(request);
        HardwareDriver driver = drivers.require(plan.driverId(), HardwareDriver.class, "discovered machines");
        // A sweep of an address range: long, on the lane that never holds up power actions.
        return tasks.submit(
                TaskRequest.of("hardware.discover", new TaskTarget("datacenter", plan.datacenterId()), principal)
                        .on(Lane.LONG),
                context -> discovery.run(plan, driver, principal, context));
    }

    private Discovery.Plan plan(DiscoveryRequest request) {
        String dc = request.datacenterId();
        if (dc == null || dc.isBlank()) {
            throw StrataException.invalid("datacenterId is required");
        }
        if (datacenterStore.datacenter(dc).isEmpty()) {
            throw StrataException.invalid("datacenter '" + dc + "' does not exist");
        }
        String pool = request.poolId() == null || request.poolId().isBlank() ? null : request.poolId();
        if (pool != null) {
            ResourcePool p = datacenterStore
                    .pool(pool)
                    .orElseThrow(() -> StrataException.invalid("pool '" + pool + "' does not exist"));
            if (!p.datacenterId().equals(dc)) {
                throw StrataException.invalid("pool '" + p.name() + "' is not in datacenter '" + dc + "'");
            }
        }
        String driverId = request.driverId();
        if (driverId == null || driverId.isBlank()) {
            throw StrataException.invalid("driverId is required: the hardware driver that speaks to the BMCs");
        }
        DriverDescriptor descriptor = drivers.descriptor(driverId)
                .orElseThrow(() -> StrataException.invalid(
                        "driver '" + driverId + "' is not running; running drivers: " + drivers.availableIds()));
        if (descriptor.kind() != DriverKind.HARDWARE) {
            throw StrataException.invalid(
                    "driver '" + driverId + "' is a " + descriptor.kind() + " driver, not a hardware driver");
        }
        List<String> addresses = Probes.addresses(request.addresses());
        List<Integer> ports = Probes.ports(request.ports());
        if ((long) addresses.size() * ports.size() > Probes.MAX_PROBES) {
            throw StrataException.invalid(addresses.size() + " addresses times " + ports.size() + " ports is "
                    + (long) addresses.size() * ports.size() + " probes; at most " + Probes.MAX_PROBES
                    + " are made at once");
        }
        List<BmcCredentials> credentials = request.credentials();
        if (credentials.isEmpty()) {
            throw StrataException.invalid("credentials are required: at least one user name and password to try");
        }
        if (credentials.size() > MAX_CREDENTIALS) {
            throw StrataException.invalid(
                    "at most " + MAX_CREDENTIALS + " credentials are tried, " + credentials.size() + " were given");
        }
        DriverVocabulary vocabulary = DriverVocabulary.of(drivers, driverId);
        for (int i = 0; i < credentials.size(); i++) {
            BmcCredentials c = credentials.get(i);
            if (c == null || c.password() == null || c.password().isEmpty()) {
                throw StrataException.invalid("credentials[" + i + "] needs a password");
            }
            if (c.username() != null
                    && (c.username().length() > MAX_CREDENTIAL_LENGTH
                            || c.username().chars().anyMatch(Character::isISOControl))) {
                throw StrataException.invalid("credentials[" + i + "].username must be at most " + MAX_CREDENTIAL_LENGTH
                        + " characters, none of them a control character");
            }
            if (c.password().length() > MAX_CREDENTIAL_LENGTH) {
                throw StrataException.invalid(
                        "credentials[" + i + "].password must be at most " + MAX_CREDENTIAL_LENGTH + " characters");
            }
            // How long a user name or password the BMC's protocol carries is the driver's to say.
            vocabulary.credentials(c.username(), c.password(), "credentials[" + i + "]");
        }
        return new Discovery.Plan(dc, pool, driverId, addresses, ports, credentials);
    }

    // ---- power and boot

    @Override
    public String powerState(String hostId) {
        StoredHost host = machine(hostId);
        requireCapability(host, Capability.POWER_CONTROL, "read the power state");
        return sessions.call(host, BmcSession::powerState).name();
    }

    @Override
    public Stream<MachinePower> powerStates(PowerStatesRequest request) {
        if (request == null) {
            throw StrataException.invalid("a request is required: hostIds, or a datacenterId, or neither for all");
        }
        int seconds = request.timeoutSeconds() == null
                ? PowerStatesRequest.DEFAULT_TIMEOUT_SECONDS
                : request.timeoutSeconds();
        if (seconds < 1 || seconds > PowerStatesRequest.MAX_TIMEOUT_SECONDS) {
            throw StrataException.invalid("timeoutSeconds must be 1 to " + PowerStatesRequest.MAX_TIMEOUT_SECONDS
                    + ", was " + request.timeoutSeconds());
        }
        List<StoredHost> machines = request.hostIds() != null ? named(request) : machinesOf(request.datacenterId());
        return PowerSweep.start(machines, Duration.ofSeconds(seconds), sweepWorkers, this::askPower);
    }

    /** The named hosts, each once, in the order given; all must exist (404 naming the unknown ones). */
    private List<StoredHost> named(PowerStatesRequest request) {
        List<String> ids = request.hostIds();
        if (request.datacenterId() != null && !request.datacenterId().isBlank()) {
            throw StrataException.invalid("give hostIds or a datacenterId, not both");
        }
        if (ids.isEmpty()) {
            throw StrataException.invalid("hostIds is empty: name at least one machine (or none of hostIds for all)");
        }
        if (ids.size() > MAX_POWER_STATES) {
            throw StrataException.invalid("at most " + MAX_POWER_STATES + " machines are asked in one sweep, "
                    + ids.size() + " were named; split the list, or sweep a datacenter");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id == null || id.isBlank()) {
                throw StrataException.invalid("hostIds[" + i + "] is empty");
            }
            if (id.length() > MAX_ID_LENGTH) {
                throw StrataException.invalid(
                        "hostIds[" + i + "] is longer than an id can be (" + MAX_ID_LENGTH + " characters)");
            }
            unique.add(id);
        }
        // One query per hardware driver rather than one per id: a sweep names up to a thousand machines.
        Map<String, StoredHost> known = new LinkedHashMap<>();
        drivers.drivers().stream()
                .filter(d -> DriverKind.HARDWARE.name().equals(d.kind()))
                .forEach(d -> repository.hostsOfDriver(d.id()).forEach(h -> known.put(h.id(), h)));
        List<StoredHost> machines = new ArrayList<>(unique.size());
        List<String> unknown = new ArrayList<>();
        for (String id : unique) {
            StoredHost host = known.get(id);
            if (host == null) {
                // Not a machine of a running driver: a host of another kind, or of a stopped driver, is answered
                // with its own error in the sweep; only an id that is no host at all refuses the request.
                host = repository.host(id).orElse(null);
            }
            if (host == null) {
                unknown.add(id);
            } else {
                machines.add(host);
            }
        }
        if (!unknown.isEmpty()) {
            throw new StrataException(
                    ErrorCode.NOT_FOUND,
                    (unknown.size() == 1
                            ? "host '" + unknown.get(0) + "' does not exist"
                            : unknown.size() + " hosts do not exist: "
                                    + String.join(", ", unknown.subList(0, Math.min(5, unknown.size())))
                                    + (unknown.size() > 5 ? ", ..." : "")));
        }
        return machines;
    }

    /** Every bare-metal machine, or those of one datacenter (404 when there is no such datacenter). */
    private List<StoredHost> machinesOf(String datacenterId) {
        String dc = datacenterId == null || datacenterId.isBlank() ? null : datacenterId;
        if (dc != null && datacenterStore.datacenter(dc).isEmpty()) {
            throw StrataException.notFound("datacenter", dc);
        }
        List<StoredHost> machines = new ArrayList<>();
        int pageSize = 500;
        for (int offset = 0; ; offset += pageSize) {
            Page<StoredHost> page = repository.hosts(dc, new PageRequest(offset, pageSize));
            page.items().stream().filter(h -> h.kind() == HostKind.MACHINE).forEach(machines::add);
            if (page.items().size() < pageSize) {
                return machines;
            }
        }
    }

    /** One machine's answer; never throws, so that no machine fails the others. */
    private MachinePower askPower(StoredHost host) {
        try {
            sessions.driver(host);
            requireCapability(host, Capability.POWER_CONTROL, "read the power state");
            return MachinePower.of(
                    host.id(),
                    host.name(),
                    sessions.call(host, BmcSession::powerState).name());
        } catch (StrataException e) {
            return MachinePower.failed(host.id(), host.name(), e.code().name(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Reading the power state of machine {} failed", host.name(), e);
            return MachinePower.failed(
                    host.id(), host.name(), ErrorCode.INTERNAL.name(), "reading the power state failed in Strata");
        }
    }

    @Override
    public Task power(String hostId, String action, String principal) {
        Operation operation = Operations.require(OperationTarget.MACHINE, "action", action);
        String word = operation.name();
        PowerAction act = ACTIONS.get(word);
        StoredHost host = machine(hostId);
        requireCapability(host, Capability.valueOf(operation.capability()), "control power");
        return tasks.submit(operation.task(), "host", host.id(), principal, context -> {
            context.progress(10, "power " + word + " on " + host.name());
            sessions.call(host, s -> {
                s.power(act);
                return null;
            });
            context.progress(50, "reading the power state of " + host.name() + " back");
            ChassisPower state = settle(host, expected(act));
            events.record(
                    Event.Severity.INFO,
                    "MACHINE_POWER",
                    "host",
                    host.id(),
                    "Power " + word + " on machine '" + host.name() + "' by " + principal + "; power is now " + state);
            return state.name();
        });
    }

    private static ChassisPower expected(PowerAction action) {
        return switch (action) {
            case ON, CYCLE, RESET -> ChassisPower.ON;
            case OFF, SOFT_OFF -> ChassisPower.OFF;
            case IDENTIFY -> null;
        };
    }

    /**
     * The power state read back, once it is {@code expected} or the settle time has passed: a chassis takes
     * a moment to follow (and an OS asked to shut down, longer). What is read then is the answer, even when
     * it is not what was asked: the task says what the machine does, not what we wished.
     */
    @Override
    public Fencing.Power read(String machineId) {
        try {
            return read(machine(machineId));
        } catch (RuntimeException e) {
            return Fencing.Power.UNANSWERED;
        }
    }

    /** The machine's power as its BMC reads it; a BMC that does not answer is UNANSWERED. */
    private Fencing.Power read(StoredHost machine) {
        try {
            return sessions.call(machine, BmcSession::powerState) == ChassisPower.OFF
                    ? Fencing.Power.OFF
                    : Fencing.Power.ON;
        } catch (RuntimeException e) {
            return Fencing.Power.UNANSWERED;
        }
    }

    /**
     * Power off, then read back, as many times as allowed. The answer to the power-off request does not count, only
     * what the BMC reads afterwards: some BMCs answer an error when asked to power off a machine that is off
     * (CloudStack issue 13376), and that machine is fenced all the same. The request is sent even when the machine
     * reads off already: a reading just before is no proof it stays off, and the request costs one round trip.
     */
    @Override
    public Fencing.Outcome fence(String machineId, int attempts, TaskContext context) throws InterruptedException {
        StoredHost host;
        try {
            host = machine(machineId);
        } catch (RuntimeException e) {
            return new Fencing.Outcome(false, Fencing.Power.UNANSWERED, 0, "no such machine: " + e.getMessage());
        }
        Fencing.Power last = Fencing.Power.UNANSWERED;
        String refused = null;
        for (int attempt = 1; attempt <= Math.max(1, attempts); attempt++) {
            context.checkCancelled();
            try {
                sessions.call(host, s -> {
                    s.power(PowerAction.OFF);
                    return null;
                });
            } catch (RuntimeException e) {
                refused = e.getMessage();
            }
            long deadline = System.nanoTime() + tuning.settle().toNanos();
            do {
                last = read(host);
                if (last == Fencing.Power.UNANSWERED && refused != null) {
                    // No answer to the request nor to the reading: a BMC that is gone does not come back within
                    // the seconds more requests would take (3 s each), and the failover does not wait for it (its
                    // leases decide, or it retries later).
                    return new Fencing.Outcome(false, last, attempt, "its BMC does not answer (" + refused + ")");
                }
                if (last == Fencing.Power.OFF) {
                    events.record(
                            Event.Severity.WARNING,
                            "MACHINE_FENCED",
                            "host",
                            host.id(),
                            "Machine '" + host.name() + "' was fenced: its BMC reads it off after " + attempt
                                    + " power-off request" + (attempt == 1 ? "" : "s")
                                    + (refused == null ? "" : " (a request was answered: " + refused + ")"));
                    return new Fencing.Outcome(
                            true,
                            last,
                            attempt,
                            "off after " + attempt + " power-off request" + (attempt == 1 ? "" : "s"));
                }
                TimeUnit.MILLISECONDS.sleep(Math.max(1, tuning.settlePoll().toMillis()));
            } while (System.nanoTime() < deadline);
        }
        return new Fencing.Outcome(
                false,
                last,
                attempts,
                last == Fencing.Power.UNANSWERED
                        ? "its BMC does not answer" + (refused == null ? "" : ": " + refused)
                        : "its BMC still reads it " + last.name().toLowerCase(Locale.ROOT) + " after " + attempts
                                + " power-off requests" + (refused == null ? "" : " (" + refused + ")"));
    }

    private ChassisPower settle(StoredHost host, ChassisPower expected) throws InterruptedException {
        long deadline = System.nanoTime() + tuning.settle().toNanos();
        while (true) {
            ChassisPower now = sessions.call(host, BmcSession::powerState);
            if (expected == null || now == expected || System.nanoTime() >= deadline) {
                return now;
            }
            TimeUnit.MILLISECONDS.sleep(Math.max(1, tuning.settlePoll().toMillis()));
        }
    }

    @Override
    public Task bootDevice(String hostId, String device, boolean persistent, String principal) {
        String word = device == null ? "" : device.strip().toLowerCase(Locale.ROOT);
        BootDevice boot = DEVICES.get(word);
        if (boot == null) {
            throw StrataException.invalid("device must be one of pxe, disk, cdrom, bios; was '" + device + "'");
        }
        StoredHost host = machine(hostId);
        requireCapability(host, Capability.BOOT_DEVICE, "choose the boot device");
        String how = persistent ? "every boot" : "the next boot";
        return tasks.submit("hardware.boot", "host", host.id(), principal, context -> {
            context.progress(10, "booting " + host.name() + " from " + word + " at " + how);
            BootDevice now = sessions.call(host, s -> {
                s.bootDevice(boot, persistent);
                try {
                    return s.bootDevice();
                } catch (DriverException e) {
                    if (e.fault() != Fault.UNSUPPORTED) {
                        throw e;
                    }
                    return boot; // an SPI 1.0 driver cannot read it back: it accepted, which is all we know
                }
            });
            String result = now == null ? "none" : now.name().toLowerCase(Locale.ROOT);
            events.record(
                    Event.Severity.INFO,
                    "MACHINE_BOOT_DEVICE",
                    "host",
                    host.id(),
                    "Machine '" + host.name() + "' boots from " + result + " at " + how + " (set by " + principal
                            + ")");
            return result;
        });
    }

    // ---- sensors and inventory

    @Override
    public List<Sensor> sensors(String hostId) {
        StoredHost host = machine(hostId);
        requireCapability(host, Capability.SENSORS, "read sensors");
        return sessions.call(host, BmcSession::sensors).stream()
                .map(HardwareManager::sensor)
                .toList();
    }

    @Override
    public List<SensorSample> sensorHistory(String hostId, String sensor, Instant from, Instant to) {
        StoredHost host = machine(hostId);
        if (sensor == null || sensor.isBlank()) {
            throw StrataException.invalid("sensor is required");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw StrataException.invalid("'to' is before 'from'");
        }
        return metrics.sensor(host.id(), sensor, from, to);
    }

    @Override
    public HardwareInventory inventory(String hostId) {
        StoredHost host = machine(hostId);
        boolean fru = can(host, Capability.HARDWARE_INVENTORY);
        record Read(BmcIdentity identity, List<FruInfo> fru) {}
        Read read = sessions.call(host, s -> new Read(s.identity(), fru ? s.fru() : List.of()));
        BmcIdentity id = read.identity();
        if (id.guid() != null && !id.guid().isBlank()) {
            try {
                machineStore.recordMachineIdentity(
                        host.id(),
                        new MachineIdentity(
                                id.guid().strip().toLowerCase(Locale.ROOT),
                                id.manufacturer(),
                                id.product(),
                                id.firmwareRevision()));
            } catch (StrataException e) {
                // A host added by hand has no machine row, and a GUID clash is for discovery to sort out.
                LOG.debug("Not recording the identity of machine {}: {}", host.name(), e.getMessage());
            }
        }
        return new HardwareInventory(
                id.guid(),
                id.manufacturer(),
                id.product(),
                id.firmwareRevision(),
                read.fru().stream().map(HardwareManager::fru).toList(),
                clock.instant());
    }

    @Override
    public List<SelRecord> eventLog(String hostId) {
        StoredHost host = machine(hostId);
        requireCapability(host, Capability.HARDWARE_INVENTORY, "read the system event log");
        return sessions.call(host, BmcSession::eventLog).stream()
                .map(HardwareManager::sel)
                .toList();
    }

    // ---- firmware

    @Override
    public Task updateFirmware(String hostId, String imagePath, String principal) {
        Path image = firmwareImage(imagePath);
        StoredHost host = machine(hostId);
        if (!can(host, Capability.FIRMWARE_UPDATE)) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "machine '" + host.name() + "' cannot update its firmware: unsupported by driver '"
                            + host.driverId() + "'");
        }
        return tasks.submit(
                TaskRequest.of("hardware.firmware", TaskTarget.host(host.id()), principal)
                        .on(Lane.LONG),
                context -> {
                    context.progress(5, "reading " + image);
                    byte[] bytes;
                    try {
                        bytes = Files.readAllBytes(image);
                    } catch (IOException e) {
                        throw StrataException.invalid("cannot read the firmware image " + image + ": " + Reasons.of(e));
                    }
                    context.progress(10, "updating the firmware of " + host.name() + " (" + bytes.length + " bytes)");
                    sessions.call(host, s -> {
                        s.updateFirmware(bytes);
                        return null;
                    });
                    String revision = sessions.call(host, BmcSession::identity).firmwareRevision();
                    events.record(
                            Event.Severity.INFO,
                            "MACHINE_FIRMWARE",
                            "host",
                            host.id(),
                            "Firmware of machine '" + host.name() + "' updated from " + image + " by " + principal
                                    + "; revision now " + revision);
                    return revision;
                });
    }

    private static Path firmwareImage(String imagePath) {
        if (imagePath == null || imagePath.isBlank()) {
            throw StrataException.invalid("imagePath is required");
        }
        Path image;
        try {
            image = Paths.get(imagePath.strip());
        } catch (RuntimeException e) {
            throw StrataException.invalid("imagePath '" + imagePath + "' is not a valid path");
        }
        if (!image.isAbsolute()) {
            throw StrataException.invalid(
                    "imagePath must be an absolute path on the Strata host, was '" + imagePath + "'");
        }
        if (!Files.isRegularFile(image) || !Files.isReadable(image)) {
            throw StrataException.invalid("the firmware image " + image + " does not exist or is not readable");
        }
        try {
            long size = Files.size(image);
            if (size == 0 || size > MAX_FIRMWARE_BYTES) {
                throw StrataException.invalid(
                        "the firmware image " + image + " has " + size + " bytes; expected 1 to " + MAX_FIRMWARE_BYTES);
            }
        } catch (IOException e) {
            throw StrataException.invalid("cannot read the firmware image " + image + ": " + Reasons.of(e));
        }
        return image;
    }

    // ---- helpers

    /** The host, which must exist (404) and be managed by a running hardware driver (503, 501). */
    private StoredHost machine(String hostId) {
        if (hostId == null || hostId.isBlank()) {
            throw StrataException.invalid("hostId is required");
        }
        StoredHost host = repository.host(hostId).orElseThrow(() -> StrataException.notFound("host", hostId));
        sessions.driver(host);
        return host;
    }

    private boolean can(StoredHost host, Capability capability) {
        return drivers.descriptor(host.driverId()).map(d -> d.can(capability)).orElse(false);
    }

    private void requireCapability(StoredHost host, Capability capability, String what) {
        if (!can(host, capability)) {
            throw new StrataException(
                    ErrorCode.UNSUPPORTED,
                    "machine '" + host.name() + "' (driver '" + host.driverId() + "') cannot " + what + ": it lacks "
                            + capability);
        }
    }

    /** The machines' pooled BMC sessions, which this service uses too; for the engine's {@code DriverSessions}. */
    public SessionCalls<BmcSession> sessions() {
        return sessions::call;
    }

    static Sensor sensor(SensorReading r) {
        return new Sensor(
                r.name(),
                r.type(),
                r.value(),
                r.unit(),
                r.lowerNonRecoverable(),
                r.lowerCritical(),
                r.lowerNonCritical(),
                r.upperNonCritical(),
                r.upperCritical(),
                r.upperNonRecoverable(),
                r.status() == null ? "UNKNOWN" : r.status().name());
    }

    private static FruRecord fru(FruInfo f) {
        return new FruRecord(
                f.device(),
                f.chassisType(),
                f.chassisPartNumber(),
                f.chassisSerial(),
                f.boardManufacturer(),
                f.boardProduct(),
                f.boardSerial(),
                f.boardPartNumber(),
                f.productManufacturer(),
                f.productName(),
                f.productPartNumber(),
                f.productVersion(),
                f.productSerial());
    }

    private static SelRecord sel(SelEntry e) {
        return new SelRecord(e.recordId(), e.at(), e.sensorType(), e.sensor(), e.description(), e.asserted());
    }
}
