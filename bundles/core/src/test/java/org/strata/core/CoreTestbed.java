package org.strata.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.junit.function.ThrowingRunnable;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostSpec;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.events.EventLog;
import org.strata.core.inventory.InventoryManager;
import org.strata.core.layers.LayerHooks;
import org.strata.core.monitoring.MetricsStore;
import org.strata.core.sessions.HostSessions;
import org.strata.core.sync.VmSynchronizer;
import org.strata.core.tasks.TaskManager;
import org.strata.core.vm.InFlight;
import org.strata.core.vm.VmManager;
import org.strata.repository.jdbc.JdbcConfigRepository;

/**
 * Core's real components wired by hand, as Declarative Services would, on an in-memory H2 repository and the
 * in-memory hypervisor. Nothing runs on a schedule: tests call reconcile and sampling themselves.
 */
public final class CoreTestbed implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(30);

    public final JdbcConfigRepository repository;
    public final EventLog events;
    public final DriverRegistry drivers;
    public final TaskManager tasks;
    public final HostSessions sessions;
    public final InFlight inFlight = new InFlight();
    public final MetricsStore metrics = new MetricsStore(360);
    public final VmManager vms;
    public final VmSynchronizer synchronizer;
    public final InventoryManager inventory;
    public final InMemoryHypervisorForTests driver = new InMemoryHypervisorForTests();
    public final Datacenter dc;

    public CoreTestbed(Path keyFile) {
        this(keyFile, Clock.systemUTC(), Duration.ofMillis(20));
    }

    /** @param shutdownPoll how often a graceful shutdown looks whether the VM stopped */
    public CoreTestbed(Path keyFile, Clock clock, Duration shutdownPoll) {
        this(keyFile, clock, shutdownPoll, LayerHooks.of(null, null));
    }

    /** A testbed whose core asks {@code hooks} for admission and placement, as it asks the datacenter layer. */
    public CoreTestbed(Path keyFile, Clock clock, Duration shutdownPoll, LayerHooks hooks) {
        repository = H2Repository.open(keyFile);
        events = new EventLog(repository);
        drivers = new DriverRegistry(events);
        tasks = new TaskManager(repository, Clock.systemUTC(), 2);
        sessions = new HostSessions(repository, drivers, events, clock);
        vms = new VmManager(
                repository,
                repository,
                sessions,
                tasks,
                events,
                inFlight,
                metrics,
                clock,
                Duration.ofSeconds(120),
                shutdownPoll,
                hooks,
                repository,
                repository.volumeStore(),
                new org.strata.core.storage.DiskCredentials(repository.volumeStore(), repository));
        synchronizer = new VmSynchronizer(
                repository,
                repository,
                drivers,
                sessions,
                events,
                inFlight,
                Executors.newSingleThreadScheduledExecutor(),
                Duration.ZERO);
        inventory = new InventoryManager(
                repository, repository, repository, drivers, tasks, sessions, vms, synchronizer, hooks);
        drivers.register(driver, "test.bundle", 7L);
        dc = inventory.createDatacenter(new DatacenterSpec("DC 1", null), "alice");
    }

    /** Adds a host and waits for the reconcile that adding it queues, so that tests start from a known inventory. */
    public Host addHost(String name, String address) {
        Host host = inventory.addHost(
                new HostSpec(name, dc.id(), null, driver.descriptor().id(), address, null, null), "alice");
        try {
            synchronizer.awaitQueued();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return host;
    }

    public Task await(Task task) throws InterruptedException {
        return tasks.await(task.id(), WAIT);
    }

    /** Waits for the task and asserts that it succeeded; returns it as it ended. */
    public Task done(Task task) throws InterruptedException {
        Task finished = await(task);
        assertEquals(finished.errorMessage(), TaskState.SUCCEEDED, finished.state());
        return finished;
    }

    /** Asserts that the request is refused with this code before any task is made; returns the refusal. */
    public StrataException refused(ErrorCode code, ThrowingRunnable request) {
        long before = tasks.tasks(null, PageRequest.first()).total();
        StrataException e = assertThrows(StrataException.class, request);
        assertEquals(e.getMessage(), code, e.code());
        assertEquals(
                "no task was made",
                before,
                tasks.tasks(null, PageRequest.first()).total());
        return e;
    }

    /** Polls {@code condition} until it holds or {@link #WAIT} passes; returns whether it held. */
    public static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        synchronizer.close();
        sessions.close();
        tasks.close();
        repository.close();
    }
}
