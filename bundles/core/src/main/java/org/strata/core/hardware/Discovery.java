package org.strata.core.hardware;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.hardware.BmcCredentials;
import org.strata.api.inventory.HostSpec;
import org.strata.core.drivers.DriverFaults;
import org.strata.core.events.EventLog;
import org.strata.engine.TaskContext;
import org.strata.repository.HostStore;
import org.strata.repository.MachineIdentity;
import org.strata.repository.MachineStore;
import org.strata.repository.StoredHost;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hardware.BmcIdentity;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hardware.HardwareDriver;

/**
 * One discovery run: probes every address:port with at most {@code parallelism} probes at once, each trying
 * the credentials in order, and registers what answers. Probes run on a pool of their own (not the task pool,
 * which a scan would fill for minutes); registering runs on the task's thread, one machine at a time, under a
 * lock shared by every discovery so that two scans finding the same GUID add it once.
 */
final class Discovery {

    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);

    /** What a discovery was validated into. */
    record Plan(
            String datacenterId,
            String poolId,
            String driverId,
            List<String> addresses,
            List<Integer> ports,
            List<BmcCredentials> credentials) {
        int probes() {
            return addresses.size() * ports.size();
        }
    }

    private enum Kind {
        SILENT,
        REFUSED,
        FOUND,
        FAILED
    }

    private record Outcome(
            String address, Kind kind, BmcIdentity identity, BmcCredentials credentials, String failure) {}

    private final MachineStore repository;
    private final HostStore hostStore;
    private final EventLog events;
    private final Object registration;
    private final int parallelism;
    private final Duration timeout;
    private final AtomicInteger threads = new AtomicInteger();

    Discovery(
            MachineStore repository,
            HostStore hostStore,
            EventLog events,
            Object registration,
            int parallelism,
            Duration timeout) {
        this.repository = repository;
        this.hostStore = hostStore;
        this.events = events;
        this.registration = registration;
        this.parallelism = parallelism;
        this.timeout = timeout;
    }

    String run(Plan plan, HardwareDriver driver, String principal, TaskContext context) throws InterruptedException {
        int total = plan.probes();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, total), r -> {
            Thread thread = new Thread(r, "strata-discovery-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        int answered = 0;
        int added = 0;
        int matched = 0;
        int refused = 0;
        int failed = 0;
        String firstFailure = null;
        try {
            CompletionService<Outcome> done = new ExecutorCompletionService<>(pool);
            for (String address : plan.addresses()) {
                for (int port : plan.ports()) {
                    String target = address + ":" + port;
                    done.submit(() -> probe(driver, target, plan.credentials(), stop));
                }
            }
            context.progress(
                    0,
                    "probing " + total + " address(es) with "
                            + plan.credentials().size() + " credential(s)");
            int lastPercent = 0;
            for (int i = 1; i <= total; i++) {
                Outcome outcome;
                try {
                    outcome = done.take().get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a probe failed unexpectedly", e.getCause());
                }
                context.checkCancelled();
                String note = null;
                switch (outcome.kind()) {
                    case SILENT -> {}
                    case REFUSED -> {
                        answered++;
                        refused++;
                        note = outcome.address() + " refused every credential";
                    }
                    case FAILED -> {
                        answered++;
                        failed++;
                        firstFailure =
                                firstFailure == null ? outcome.address() + ": " + outcome.failure() : firstFailure;
                        note = outcome.address() + " failed: " + outcome.failure();
                    }
                    case FOUND -> {
                        answered++;
                        try {
                            if (register(plan, outcome, principal)) {
                                added++;
                                note = "added the machine at " + outcome.address();
                            } else {
                                matched++;
                                note = "matched the machine at " + outcome.address();
                            }
                        } catch (StrataException e) {
                            // One machine that cannot be recorded must not cost the rest of the scan.
                            failed++;
                            firstFailure =
                                    firstFailure == null ? outcome.address() + ": " + e.getMessage() : firstFailure;
                            note = outcome.address() + " failed: " + e.getMessage();
                        }
                    }
                }
                int percent = Math.min(99, i * 100 / total);
                if (note != null || percent != lastPercent) {
                    lastPercent = percent;
                    context.progress(percent, "probed " + i + " of " + total + (note == null ? "" : "; " + note));
                }
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        String result = answered + " answered, " + added + " added, " + matched + " matched, " + refused
                + " refused all credentials";
        return failed == 0 ? result : result + ", " + failed + " failed (" + firstFailure + ")";
    }

    private Outcome probe(HardwareDriver driver, String address, List<BmcCredentials> credentials, AtomicBoolean stop) {
        for (BmcCredentials c : credentials) {
            if (stop.get() || Thread.currentThread().isInterrupted()) {
                return new Outcome(address, Kind.SILENT, null, null, null);
            }
            Endpoint endpoint = new Endpoint(
                    address,
                    c.username() == null ? "" : c.username(),
                    Secret.of(c.password()),
                    Map.of("timeout.ms", Long.toString(timeout.toMillis())));
            try (BmcSession session = driver.open(endpoint)) {
                return new Outcome(address, Kind.FOUND, session.identity(), c, null);
            } catch (DriverException e) {
                if (e.fault() == Fault.AUTHENTICATION_FAILED) {
                    continue;
                }
                if (e.fault() == Fault.UNREACHABLE) {
                    return new Outcome(address, Kind.SILENT, null, null, null);
                }
                return new Outcome(address, Kind.FAILED, null, null, DriverFaults.message(e, address));
            } catch (RuntimeException e) {
                // A bug in the driver: the operator gets a reference to the log, as from any task, not its class.
                String reference = UUID.randomUUID().toString();
                LOG.warn("Probing {} failed; reference {}", address, reference, e);
                return new Outcome(address, Kind.FAILED, null, null, "internal error; reference " + reference);
            }
        }
        return new Outcome(address, Kind.REFUSED, null, null, null);
    }

    /** @return true when the machine was added, false when it was known (and moved there if it had moved) */
    private boolean register(Plan plan, Outcome outcome, String principal) {
        BmcIdentity id = outcome.identity();
        if (id == null || id.guid() == null || id.guid().isBlank()) {
            throw new StrataException(
                    ErrorCode.DRIVER_FAILURE,
                    "the BMC at " + outcome.address() + " reports no GUID, so it cannot be told apart from others");
        }
        String guid = id.guid().strip().toLowerCase(Locale.ROOT);
        MachineIdentity identity = new MachineIdentity(guid, id.manufacturer(), id.product(), id.firmwareRevision());
        synchronized (registration) {
            if (repository.machineByGuid(guid).isPresent()) {
                move(guid, outcome.address(), identity, principal);
                return false;
            }
            String compact = guid.replace("-", "");
            for (String name :
                    List.of("bmc-" + compact.substring(0, Math.min(8, compact.length())), "bmc-" + compact)) {
                try {
                    StoredHost host = repository.createMachine(
                            new HostSpec(
                                    name,
                                    plan.datacenterId(),
                                    plan.poolId(),
                                    plan.driverId(),
                                    outcome.address(),
                                    outcome.credentials().username(),
                                    outcome.credentials().password()),
                            identity,
                            principal);
                    events.record(
                            Event.Severity.INFO,
                            "MACHINE_DISCOVERED",
                            "host",
                            host.id(),
                            "Machine '"
                                    + host.name() + "' (GUID " + guid
                                    + (id.manufacturer() == null
                                            ? ""
                                            : ", " + id.manufacturer()
                                                    + (id.product() == null ? "" : " " + id.product()))
                                    + ") was discovered at " + outcome.address());
                    return true;
                } catch (StrataException e) {
                    if (e.code() != ErrorCode.CONFLICT) {
                        throw e;
                    }
                    if (repository.machineByGuid(guid).isPresent()) {
                        // Another Strata node registered it meanwhile.
                        move(guid, outcome.address(), identity, principal);
                        return false;
                    }
                    // The short name is taken by another host: try the long one.
                }
            }
            throw StrataException.conflict("no free host name for the machine with GUID " + guid);
        }
    }

    private void move(String guid, String address, MachineIdentity identity, String principal) {
        StoredHost before = hostStore
                .host(repository.machineByGuid(guid).orElseThrow().hostId())
                .orElseThrow();
        StoredHost after = repository.moveMachine(guid, address, identity, principal);
        if (!address.equals(before.address())) {
            events.record(
                    Event.Severity.INFO,
                    "MACHINE_MOVED",
                    "host",
                    after.id(),
                    "Machine '" + after.name() + "' (GUID " + guid + ") now answers at " + address + ", was "
                            + before.address());
        }
    }
}
