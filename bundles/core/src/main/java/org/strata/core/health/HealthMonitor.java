package org.strata.core.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.ServiceTracker;
import org.strata.api.StrataException;
import org.strata.api.driver.DriverInfo;
import org.strata.api.health.Health;
import org.strata.api.health.HealthCheck;
import org.strata.api.health.HealthService;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.tasks.TaskManager;
import org.strata.repository.HostStore;
import org.strata.repository.RepositoryHealth;
import org.strata.repository.RepositoryState;

/**
 * Puts the health of the platform's parts together. Ready means: the repository can be read and written, the task
 * runner runs, and the platform has finished starting: Karaf's boot features are installed, and the framework has
 * reached Karaf's start level, so that every bundle it ships, the drivers among them, has started. (On a restart from
 * Karaf's cache the features count as installed long before the drivers' start level is reached: both are needed.)
 * Drivers are reported one by one but do not decide readiness: a driver that is away makes its own hosts
 * unavailable, not the platform.
 */
@Component(service = HealthService.class)
public final class HealthMonitor implements HealthService {

    /** What Karaf registers once every boot feature is installed and started. */
    static final String KARAF_BOOT_FINISHED = "(objectClass=org.apache.karaf.features.BootFinished)";

    private static final String BEGINNING_START_LEVEL = "org.osgi.framework.startlevel.beginning";

    private final RepositoryState repository;
    private final HostStore hostStore;
    private final TaskManager tasks;
    private final DriverRegistry drivers;
    private final BooleanSupplier booted;
    private final AutoCloseable closer;

    @Activate
    public HealthMonitor(
            @Reference RepositoryState repository,
            @Reference HostStore hostStore,
            @Reference TaskManager tasks,
            @Reference DriverRegistry drivers,
            BundleContext context) {
        this(repository, hostStore, tasks, drivers, context, bootTracker(context));
    }

    private HealthMonitor(
            RepositoryState repository,
            HostStore hostStore,
            TaskManager tasks,
            DriverRegistry drivers,
            BundleContext context,
            ServiceTracker<Object, Object> boot) {
        this(repository, hostStore, tasks, drivers, () -> !boot.isEmpty() && startLevelReached(context), boot::close);
    }

    /**
     * Karaf starts the framework at its lock's start level and raises it to the configured one once the instance
     * lock is held; it then keeps the configured level in the system property, while the framework property of the
     * same name says the lock's level. So the system property is the one to compare with.
     */
    private static boolean startLevelReached(BundleContext context) {
        String configured = System.getProperty(BEGINNING_START_LEVEL, context.getProperty(BEGINNING_START_LEVEL));
        int target = configured == null ? 1 : Integer.parseInt(configured.trim());
        return context.getBundle(0).adapt(FrameworkStartLevel.class).getStartLevel() >= target;
    }

    /** Outside OSGi (tests): {@code booted} says whether the platform has finished starting. */
    public HealthMonitor(
            RepositoryState repository,
            HostStore hostStore,
            TaskManager tasks,
            DriverRegistry drivers,
            BooleanSupplier booted,
            AutoCloseable closer) {
        this.repository = repository;
        this.hostStore = hostStore;
        this.tasks = tasks;
        this.drivers = drivers;
        this.booted = booted;
        this.closer = closer;
    }

    private static ServiceTracker<Object, Object> bootTracker(BundleContext context) {
        try {
            ServiceTracker<Object, Object> tracker =
                    new ServiceTracker<>(context, FrameworkUtil.createFilter(KARAF_BOOT_FINISHED), null);
            tracker.open(true);
            return tracker;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Deactivate
    void close() throws Exception {
        closer.close();
    }

    @Override
    public Health health() {
        List<HealthCheck> checks = new ArrayList<>();
        checks.add(repository());
        checks.add(tasks.health());
        checks.add(
                booted.getAsBoolean()
                        ? HealthCheck.up("platform", true, "started")
                        : HealthCheck.down("platform", true, "still starting"));
        checks.addAll(drivers());
        return Health.of(checks);
    }

    private HealthCheck repository() {
        RepositoryHealth health = repository.health();
        return health.up()
                ? HealthCheck.up("repository", true, null)
                : HealthCheck.down("repository", true, health.detail());
    }

    /** Every running driver, and every driver that hosts name but that is not running. */
    private List<HealthCheck> drivers() {
        Map<String, HealthCheck> checks = new TreeMap<>();
        Set<String> running = new TreeSet<>();
        for (DriverInfo driver : drivers.drivers()) {
            running.add(driver.id());
            checks.put(
                    driver.id(),
                    HealthCheck.up(
                            "driver:" + driver.id(),
                            false,
                            driver.kind().toLowerCase(java.util.Locale.ROOT) + " driver " + driver.version()
                                    + ", running"));
        }
        try {
            hostStore.hostCountsByDriver().forEach((id, hosts) -> {
                if (!running.contains(id)) {
                    checks.put(
                            id,
                            HealthCheck.down(
                                    "driver:" + id,
                                    false,
                                    "not running; " + hosts + (hosts == 1 ? " host uses it" : " hosts use it")));
                }
            });
        } catch (StrataException e) {
            // The repository check above reports why; the running drivers are still worth listing.
        }
        return List.copyOf(checks.values());
    }
}
