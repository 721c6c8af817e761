package org.strata.core.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.health.Health;
import org.strata.api.health.HealthCheck;
import org.strata.api.health.HealthStatus;
import org.strata.api.inventory.HostSpec;
import org.strata.core.CoreTestbed;

public class HealthMonitorTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private CoreTestbed bed;
    private final AtomicBoolean booted = new AtomicBoolean();
    private HealthMonitor health;

    @Before
    public void start() throws Exception {
        bed = new CoreTestbed(temp.getRoot().toPath().resolve("key"));
        health = new HealthMonitor(bed.repository, bed.repository, bed.tasks, bed.drivers, booted::get, () -> {});
    }

    @After
    public void stop() {
        bed.close();
    }

    private static Map<String, HealthCheck> byName(Health h) {
        return h.checks().stream().collect(Collectors.toMap(HealthCheck::name, c -> c));
    }

    @Test
    public void notReadyUntilThePlatformHasStarted() {
        Health starting = health.health();
        assertTrue(starting.live());
        assertFalse(starting.ready());
        assertEquals(HealthStatus.DOWN, starting.status());
        assertEquals(HealthStatus.DOWN, byName(starting).get("platform").status());

        booted.set(true);
        Health ready = health.health();
        assertTrue(ready.ready());
        assertEquals(HealthStatus.UP, ready.status());
        Map<String, HealthCheck> checks = byName(ready);
        assertEquals(HealthStatus.UP, checks.get("repository").status());
        assertEquals(HealthStatus.UP, checks.get("tasks").status());
        assertTrue(checks.get("tasks").detail(), checks.get("tasks").detail().contains("0 running"));
    }

    @Test
    public void aDriverThatHostsNeedButThatIsAwayIsDownWithoutMakingThePlatformUnready() {
        booted.set(true);
        String driverId = bed.driver.descriptor().id();
        bed.inventory.addHost(new HostSpec("h1", bed.dc.id(), null, driverId, "mem://h1", null, null), "alice");
        assertEquals(
                HealthStatus.UP,
                byName(health.health()).get("driver:" + driverId).status());

        bed.drivers.unregister(7L);
        Health h = health.health();
        HealthCheck driver = byName(h).get("driver:" + driverId);
        assertEquals(HealthStatus.DOWN, driver.status());
        assertFalse(driver.required());
        assertEquals("not running; 1 host uses it", driver.detail());
        assertTrue(h.ready());
    }

    @Test
    public void aStoppedTaskRunnerMakesThePlatformUnready() {
        booted.set(true);
        bed.tasks.close();
        Health h = health.health();
        assertFalse(h.ready());
        assertEquals(HealthStatus.DOWN, byName(h).get("tasks").status());
    }
}
