package org.strata.core.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.util.EnumSet;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostSpec;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryStorageForTests;
import org.strata.repository.VolumeStore;
import org.strata.spi.Capability;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.VmSpec;

/**
 * CHAP credentials of iSCSI disks come from the storage host that exports them, decrypted from the repository (H2)
 * just before a spec goes to a hypervisor driver; other disks are left as they are.
 */
public class DiskCredentialsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private DiskCredentials credentials;
    private Host san;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        bed.drivers.register(new InMemoryStorageForTests(EnumSet.of(Capability.VOLUME_CREATE)), "storage.bundle", 20L);
        san = bed.inventory.addHost(
                new HostSpec("san", bed.dc.id(), null, "memstore", "store://1", "admin", "chap-secret-1"), "alice");
        credentials = new DiskCredentials(bed.repository.volumeStore(), bed.repository);
    }

    @After
    public void close() {
        bed.close();
    }

    @Test
    public void aChapLunGetsItsStorageHostsPasswordAndOtherDisksStayAsTheyAre() {
        String lun = "iscsi://strata@127.0.0.1:3260/iqn.2026-12.org.strata:pool1/1";
        bed.repository.volumeStore().recordVolume(new VolumeStore.SeenVolume(san.id(), "pool1", "1", lun, 1L << 30));
        VmSpec spec = VmSpec.of("web", 1, 64)
                .withDisks(List.of(
                        DiskSpec.disk(lun, "raw"),
                        DiskSpec.disk("/var/lib/images/web.qcow2", "qcow2"),
                        DiskSpec.disk("iscsi://127.0.0.1:3260/iqn.2026-12.org.strata:pool1/2", "raw"),
                        DiskSpec.disk("iscsi://other@127.0.0.1:3260/iqn.2026-12.org.strata:pool1/9", "raw")));

        List<DiskSpec> disks = credentials.withAuth(spec).disks();

        assertEquals("strata", disks.get(0).auth().username());
        assertEquals("chap-secret-1", new String(disks.get(0).auth().secret().reveal()));
        assertNull("a file needs no credentials", disks.get(1).auth());
        assertNull("a LUN without CHAP needs none", disks.get(2).auth());
        assertNull(
                "a LUN no storage host reported is left to the driver",
                disks.get(3).auth());
        VmSpec plain = VmSpec.of("db", 1, 64).withDisks(List.of(DiskSpec.disk("/a.qcow2", "qcow2")));
        assertSame(plain, credentials.withAuth(plain));
    }

    @Test
    public void theUserIsReadFromTheUrlsAuthority() {
        assertEquals("u", DiskCredentials.user("iscsi://u@h:3260/iqn/1"));
        assertNull(DiskCredentials.user("iscsi://h:3260/iqn/1"));
        assertNull(DiskCredentials.user("iscsi://h/iqn@x/1"));
    }
}
