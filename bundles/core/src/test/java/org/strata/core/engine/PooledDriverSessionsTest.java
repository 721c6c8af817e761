package org.strata.core.engine;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.inventory.HostSpec;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryBmcForTests;
import org.strata.core.InMemoryStorageForTests;
import org.strata.core.hardware.HardwareManager;
import org.strata.core.storage.StorageManager;
import org.strata.repository.MachineIdentity;
import org.strata.spi.Capability;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.storage.StorageSession;

/**
 * The engine's way to a driver goes through the very sessions core's services use, one pool per kind of host, with
 * the services' error mapping: an engine call and a service call to the same host share one session.
 */
public class PooledDriverSessionsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private HardwareManager hardware;
    private StorageManager storage;
    private PooledDriverSessions engine;
    private final InMemoryStorageForTests backend = new InMemoryStorageForTests(EnumSet.of(Capability.VOLUME_CREATE));
    private final InMemoryBmcForTests bmcs = new InMemoryBmcForTests("membmc", EnumSet.of(Capability.POWER_CONTROL));
    private String hypervisor;
    private String nas;
    private String machine;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        hardware = new HardwareManager(
                bed.repository,
                bed.repository,
                bed.repository,
                bed.drivers,
                bed.tasks,
                bed.events,
                bed.metrics,
                Clock.systemUTC(),
                Executors.newSingleThreadScheduledExecutor(),
                new HardwareManager.Tuning(
                        Duration.ZERO,
                        Duration.ofSeconds(60),
                        1,
                        Duration.ofMillis(200),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(10)));
        storage = new StorageManager(
                bed.repository,
                bed.repository.volumeStore(),
                bed.drivers,
                bed.tasks,
                java.time.Duration.ZERO,
                org.strata.core.storage.DiskUsers.NONE);
        engine = new PooledDriverSessions(bed.repository, bed.sessions, hardware, storage);
        bed.drivers.register(backend, "storage.bundle", 20L);
        bed.drivers.register(bmcs, "bmc.bundle", 30L);
        bmcs.add("127.0.0.1:9001", "6b1d2c3e-aaaa-4bbb-8ccc-000000000001", "admin", "pw1");
        hypervisor = bed.addHost("h1", "mem://1").id();
        nas = bed.inventory
                .addHost(new HostSpec("nas", bed.dc.id(), null, "memstore", "store://1", null, null), "alice")
                .id();
        machine = bed.repository
                .createMachine(
                        new HostSpec("m1", bed.dc.id(), null, "membmc", "127.0.0.1:9001", "admin", "pw1"),
                        new MachineIdentity("6b1d2c3e-aaaa-4bbb-8ccc-000000000001", null, null, null),
                        "alice")
                .id();
    }

    @After
    public void close() {
        hardware.close();
        storage.close();
        bed.close();
    }

    @Test
    public void eachKindOfSessionIsTheOneItsServiceUses() {
        assertEquals(List.of("default"), engine.call(nas, StorageSession.class, StorageSession::pools));
        assertEquals(List.of("default"), storage.pools(nas));
        assertEquals("the engine and the storage service share one session", 1, backend.opened.get());

        assertEquals(BmcSession.ChassisPower.OFF, engine.call(machine, BmcSession.class, BmcSession::powerState));
        assertEquals("OFF", hardware.powerState(machine));
        assertEquals("the engine and the hardware service share one session", 1, bmcs.opened.size());
        assertEquals(1, hardware.openSessions());

        int opens = bed.driver.opens.get();
        assertNotNull(engine.call(hypervisor, HypervisorSession.class, HypervisorSession::listVms));
        assertEquals("the hypervisor session of the reconcile is reused", opens, bed.driver.opens.get());
        assertTrue(bed.sessions.isOpen(hypervisor));
    }

    @Test
    public void faultsComeBackAsTheServicesTranslateThem() {
        ErrorCode fromService = refused(() -> storage.volumes(nas, "other"));
        assertEquals(ErrorCode.NOT_FOUND, fromService);
        assertEquals(fromService, refused(() -> engine.call(nas, StorageSession.class, s -> s.volumes("other"))));
        assertEquals(
                ErrorCode.NOT_FOUND,
                refused(() -> engine.call("no-such-host", StorageSession.class, StorageSession::pools)));
        assertEquals(
                "a storage host has no BMC session",
                ErrorCode.UNSUPPORTED,
                refused(() -> engine.call(nas, BmcSession.class, BmcSession::powerState)));
        assertEquals(
                "no pool has sessions of that type",
                ErrorCode.UNSUPPORTED,
                refused(() -> engine.call(nas, String.class, String::length)));
    }

    private static ErrorCode refused(ThrowingRunnable call) {
        return assertThrows(StrataException.class, call).code();
    }
}
