package org.strata.driver.esx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.storage.PoolInfo;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;
import org.strata.vsphere.testkit.Vcsim;

/**
 * The datastore driver against a real vSphere API simulator (govmomi's vcsim): datastores with their sizes, VMDKs
 * made, copied and removed, and a disk made here attached to a VM by the hypervisor driver, as govmomi sees it.
 */
public class EsxDatastoreTest {

    private static Vcsim vcenter;

    @BeforeClass
    public static void startSimulator() throws Exception {
        vcenter = Vcsim.start("-cluster-hosts", "1", "-standalone-hosts", "0", "-vms", "1", "-datastores", "2");
    }

    @AfterClass
    public static void stopSimulator() throws Exception {
        if (vcenter != null) {
            vcenter.close();
        }
    }

    private static Endpoint host() {
        return new Endpoint(
                "vpx://" + vcenter.authority() + "/DC0/DC0_C0/DC0_C0_H0?transport=http",
                Vcsim.USER,
                Secret.of(Vcsim.PASSWORD),
                null);
    }

    @Test
    public void datastoresAreThePoolsWithTheirSizes() {
        try (StorageSession s = new EsxDatastoreDriver().open(host())) {
            assertEquals(List.of("LocalDS_0", "LocalDS_1"), s.pools());
            for (PoolInfo p : s.poolInfo()) {
                assertTrue(p.toString(), p.capacityBytes() > 0);
                assertTrue(p.toString(), p.freeBytes() > 0 && p.freeBytes() <= p.capacityBytes());
            }
            EsxDriverTest.expect(Fault.NOT_FOUND, () -> s.volumes("nosuch"));
        }
    }

    @Test
    public void disksAreMadeCopiedAttachedAndRemoved() throws Exception {
        EsxDatastoreDriver storage = new EsxDatastoreDriver();
        try (StorageSession s = storage.open(host());
                HypervisorSession h = new EsxDriver().open(host())) {
            VolumeInfo made = s.createVolume("LocalDS_1", "data/web-data.vmdk", 2L << 30, "vmdk");
            assertEquals("[LocalDS_1] data/web-data.vmdk", made.path());
            assertEquals("vmdk", made.format());
            assertTrue(s.volumes("LocalDS_1").stream().anyMatch(v -> v.name().equals("data/web-data.vmdk")));
            EsxDriverTest.expect(
                    Fault.CONFLICT, () -> s.createVolume("LocalDS_1", "data/web-data.vmdk", 1 << 20, "vmdk"));
            EsxDriverTest.expect(Fault.UNSUPPORTED, () -> s.createVolume("LocalDS_1", "x.qcow2", 1 << 20, "qcow2"));

            VolumeInfo copy = s.cloneVolume("LocalDS_1", "data/web-data.vmdk", "web-copy.vmdk");
            assertEquals("[LocalDS_1] web-copy.vmdk", copy.path());

            // The hypervisor driver attaches what the storage driver made, by its path.
            VmInfo vm = h.define(VmSpec.of("ds-user", 1, 64).withDisks(List.of(DiskSpec.disk(copy.path(), "vmdk"))));
            assertTrue(vcenter.vm("ds-user").contains("[LocalDS_1] web-copy.vmdk"));
            h.undefine(vm.id());

            s.deleteVolume("LocalDS_1", "web-copy.vmdk");
            assertFalse(s.volumes("LocalDS_1").stream().anyMatch(v -> v.name().equals("web-copy.vmdk")));
            EsxDriverTest.expect(Fault.NOT_FOUND, () -> s.deleteVolume("LocalDS_1", "web-copy.vmdk"));
        }
    }
}
