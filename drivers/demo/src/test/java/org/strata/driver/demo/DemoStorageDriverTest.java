package org.strata.driver.demo;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.Test;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.storage.PoolInfo;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;

/** The demo storage: one pool per host, volumes that outlive sessions, capacity accounted. */
public class DemoStorageDriverTest {

    private final DemoStorageDriver driver = new DemoStorageDriver();

    @Test
    public void describesItselfAsStorage() {
        assertEquals("demo-storage", driver.descriptor().id());
        assertEquals(DriverKind.STORAGE, driver.descriptor().kind());
        assertTrue(driver.descriptor().can(Capability.VOLUME_CREATE));
        assertTrue(driver.descriptor().can(Capability.VOLUME_CLONE));
        assertTrue(driver.descriptor().can(Capability.VOLUME_RESIZE));
    }

    @Test
    public void volumesAreCreatedClonedGrownAndDeleted() {
        try (StorageSession s = driver.open(Endpoint.of("demo://storage1"))) {
            assertEquals(List.of("default-pool"), s.pools());
            VolumeInfo disk = s.createVolume("default-pool", "web1.qcow2", 64L << 20, "qcow2");
            assertEquals(64L << 20, disk.capacityBytes());
            assertTrue(disk.path().endsWith("/default-pool/web1.qcow2"));
            expectFault(Fault.CONFLICT, () -> s.createVolume("default-pool", "web1.qcow2", 1 << 20, "qcow2"));
            VolumeInfo copy = s.cloneVolume("default-pool", "web1.qcow2", "web2.qcow2");
            assertEquals(64L << 20, copy.capacityBytes());
            expectFault(Fault.CONFLICT, () -> s.resizeVolume("default-pool", "web1.qcow2", 1 << 20));
            assertEquals(
                    128L << 20,
                    s.resizeVolume("default-pool", "web1.qcow2", 128L << 20).capacityBytes());
            PoolInfo pool = s.poolInfo().get(0);
            assertEquals(DemoStorageSession.POOL_CAPACITY - (192L << 20), pool.freeBytes());
        }
        try (StorageSession again = driver.open(Endpoint.of("demo://storage1"))) {
            assertEquals(
                    List.of("web1.qcow2", "web2.qcow2"),
                    again.volumes("default-pool").stream().map(VolumeInfo::name).toList());
            again.deleteVolume("default-pool", "web2.qcow2");
            expectFault(Fault.NOT_FOUND, () -> again.volume("default-pool", "web2.qcow2"));
            expectFault(Fault.NOT_FOUND, () -> again.volumes("no-such-pool"));
            expectFault(Fault.CONFLICT, () -> again.createVolume("default-pool", "huge", 200L << 30, "raw"));
        }
        try (StorageSession other = driver.open(Endpoint.of("demo://storage2"))) {
            assertTrue(
                    "each storage host has its own volumes",
                    other.volumes("default-pool").isEmpty());
        }
    }

    private static void expectFault(Fault fault, Runnable call) {
        DriverException e = assertThrows(DriverException.class, call::run);
        assertEquals(e.getMessage(), fault, e.fault());
    }
}
