package org.strata.datacenter.ha;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.datacenter.Cluster;
import org.strata.api.event.Event;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.HostHaState;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.HostState;
import org.strata.api.inventory.InventoryService;
import org.strata.datacenter.ManualClock;
import org.strata.engine.EventFeed;
import org.strata.engine.HostProbe;
import org.strata.repository.StoredHost;
import org.strata.repository.jdbc.DatabaseSettings;
import org.strata.repository.jdbc.JdbcConfigRepository;

/**
 * The watch of {@link HaManager} on an H2 repository, with a probe whose answers the test sets: what detection makes
 * of a host that cannot be asked at all (its driver not running yet) and of one that is silent.
 */
public class HaWatchTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T10:00:00Z"));
    private final List<String> events = new ArrayList<>();
    private JdbcConfigRepository repository;
    private HaManager ha;
    private StoredHost host;
    private volatile boolean answers;
    private volatile boolean driverRuns;

    @Before
    public void setUp() throws Exception {
        repository = new JdbcConfigRepository(
                new DatabaseSettings("jdbc:h2:file:" + temp.getRoot().toPath().resolve("repository"), "sa", "", 2),
                temp.getRoot().toPath().resolve("strata-secret.key"));
        String dc =
                repository.createDatacenter(new DatacenterSpec("dc", null), "t").id();
        Cluster cluster = repository
                .clusterStore()
                .createCluster(
                        new Cluster(
                                UUID.randomUUID().toString(),
                                dc,
                                "c",
                                null,
                                "balanced",
                                "manual",
                                3,
                                5,
                                1,
                                4.0,
                                1.0,
                                clock.instant()),
                        "t");
        repository
                .haStore()
                .putClusterHa(new ClusterHa(cluster.id(), true, Admission.NONE, 1, 25, 25, List.of(), null), "t");
        host = repository.createHost(
                new HostSpec("h1", dc, null, "kvm", "test:///default", null, null, null, HostKind.HYPERVISOR), "t");
        repository.clusterStore().addMember(cluster.id(), host.id(), Map.of(), "t");
        HostProbe probe = new HostProbe() {
            @Override
            public boolean alive(String hostId) {
                return answers;
            }

            @Override
            public boolean askable(String hostId) {
                return driverRuns;
            }
        };
        ha = new HaManager(
                repository.haStore(),
                repository.clusterStore(),
                repository,
                inventory(),
                null,
                null,
                new EventFeed() {
                    @Override
                    public void record(
                            Event.Severity severity,
                            String type,
                            String subjectType,
                            String subjectId,
                            String message) {
                        synchronized (events) {
                            events.add(type);
                        }
                    }

                    @Override
                    public AutoCloseable subscribe(
                            org.strata.api.event.EventFilter filter, java.util.function.Consumer<Event> listener) {
                        return () -> {};
                    }
                },
                probe,
                null,
                null,
                null,
                null,
                clock,
                new HaManager.Settings(
                        Duration.ofSeconds(1), Duration.ofSeconds(2), 3, Duration.ofHours(1), 2, Duration.ofSeconds(2)),
                false);
    }

    @After
    public void tearDown() {
        ha.deactivateForTests();
        repository.close();
    }

    @Test
    public void aHostWhoseDriverDoesNotRunYetIsNotSuspectedHowEverLongItIsSilent() {
        answers = false;
        driverRuns = false; // Strata just started: the driver's bundle has not registered
        for (int round = 0; round < 10; round++) {
            ha.watchRoundAndWait();
            clock.advance(Duration.ofSeconds(1));
        }
        assertEquals(HostHaState.UP, ha.host(host.id()).state());
        assertTrue("no HA event: " + events, events.isEmpty());

        driverRuns = true; // registered; the host really is silent: suspected, then judged after the grace
        ha.watchRoundAndWait();
        assertEquals(HostHaState.SUSPECT, ha.host(host.id()).state());
    }

    @Test
    public void aSilentHostIsSuspectedAtOnceAndUpAgainWhenItAnswers() {
        driverRuns = true;
        answers = false;
        ha.watchRoundAndWait();
        assertEquals(HostHaState.SUSPECT, ha.host(host.id()).state());
        answers = true;
        clock.advance(Duration.ofSeconds(1));
        ha.watchRoundAndWait();
        assertEquals(HostHaState.UP, ha.host(host.id()).state());
        assertEquals(List.of("HOST_HA_SUSPECT", "HOST_HA_UP"), events);
    }

    private InventoryService inventory() {
        return (InventoryService) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {InventoryService.class}, (proxy, m, args) -> {
                    if (m.getName().equals("host")) {
                        return new Host(
                                host.id(),
                                host.name(),
                                host.datacenterId(),
                                null,
                                "kvm",
                                host.address(),
                                null,
                                false,
                                HostState.AVAILABLE,
                                null,
                                clock.instant(),
                                null,
                                null,
                                HostKind.HYPERVISOR);
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }
}
