package org.strata.core.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.EnumSet;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostSpec;
import org.strata.api.storage.Volume;
import org.strata.api.storage.VolumeImport;
import org.strata.api.storage.VolumeSpec;
import org.strata.api.task.Task;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryStorageForTests;
import org.strata.spi.Capability;
import org.strata.spi.Vocabulary;

public class StorageManagerTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private StorageManager storage;
    private final InMemoryStorageForTests backend = new InMemoryStorageForTests(EnumSet.of(
            Capability.VOLUME_CREATE, Capability.VOLUME_CLONE, Capability.VOLUME_RESIZE, Capability.VOLUME_IMPORT));
    private Host host;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        storage = new StorageManager(
                bed.repository,
                bed.repository.volumeStore(),
                bed.drivers,
                bed.tasks,
                java.time.Duration.ZERO,
                org.strata.core.storage.DiskUsers.NONE);
        bed.drivers.register(backend, "storage.bundle", 20L);
        host = bed.inventory.addHost(
                new HostSpec("nas", bed.dc.id(), null, "memstore", "store://1", null, null), "alice");
    }

    @After
    public void close() {
        storage.close();
        bed.close();
    }

    @Test
    public void volumesAreCreatedClonedGrownImportedAndDeleted() throws Exception {
        assertEquals(List.of("default"), storage.pools(host.id()));
        // A driver that does not say its pools' sizes (SPI 1.1) gives a pool without them, not zeros.
        org.strata.api.storage.StoragePool pool = storage.pool(host.id(), "default");
        assertEquals("default", pool.name());
        assertEquals(null, pool.capacityBytes());
        assertEquals(null, pool.freeBytes());
        bed.refused(ErrorCode.NOT_FOUND, () -> storage.pool(host.id(), "other"));
        assertEquals(
                "/pool/disk1",
                bed.done(storage.createVolume(host.id(), new VolumeSpec("default", "disk1", 1024, null), "alice"))
                        .result());
        Volume disk = storage.volume(host.id(), "default", "disk1");
        assertEquals(
                new Volume("default/disk1", host.id(), "default", "disk1", 1L << 30, 0, "qcow2", "/pool/disk1"), disk);
        bed.done(storage.cloneVolume(host.id(), "default", "disk1", "disk2", "alice"));
        bed.done(storage.resizeVolume(host.id(), "default", "disk2", 2048, "alice"));
        assertEquals(2L << 30, storage.volume(host.id(), "default", "disk2").capacityBytes());
        Task shrink = bed.await(storage.resizeVolume(host.id(), "default", "disk2", 1, "alice"));
        assertEquals(ErrorCode.CONFLICT, shrink.errorCode());
        bed.done(storage.importVolume(
                host.id(), new VolumeImport("default", "imported", "/srv/images/w.vmdk", "VMDK", "raw"), "alice"));
        assertEquals("raw", storage.volume(host.id(), "default", "imported").format());
        assertEquals(
                "/pool/disk1",
                bed.done(storage.deleteVolume(host.id(), "default", "disk1", "alice"))
                        .result());
        assertEquals(
                List.of("disk2", "imported"),
                storage.volumes(host.id(), "default").stream().map(Volume::name).toList());
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(StrataException.class, () -> storage.volumes(host.id(), "other"))
                        .code());
    }

    /**
     * What admission counts storage quotas by: the record follows every change Strata makes, and the inventory round
     * picks up a volume made behind Strata's back (here put straight into the backend).
     */
    @Test
    public void theVolumeRecordFollowsChangesAndTheInventoryRound() throws Exception {
        org.strata.repository.VolumeStore seen = bed.repository.volumeStore();
        long gib = org.strata.repository.VolumeStore.GIB;
        bed.done(storage.createVolume(host.id(), new VolumeSpec("default", "root", 1024, null), "alice"));
        assertEquals(java.util.Map.of("/pool/root", gib), seen.capacities(List.of("/pool/root")));
        bed.done(storage.resizeVolume(host.id(), "default", "root", 3072, "alice"));
        bed.done(storage.cloneVolume(host.id(), "default", "root", "copy", "alice"));
        assertEquals(
                java.util.Map.of("/pool/root", 3 * gib, "/pool/copy", 3 * gib),
                seen.capacities(List.of("/pool/root", "/pool/copy")));
        org.strata.api.storage.StoragePool promised = storage.pool(host.id(), "default");
        assertEquals("root and its copy, 3 GiB each", 6 * gib, promised.provisionedBytes());
        assertEquals(2, promised.volumes());
        assertEquals("the capacity is not known: no overcommit", null, promised.overcommit());
        bed.done(storage.deleteVolume(host.id(), "default", "copy", "alice"));
        assertEquals(java.util.Map.of(), seen.capacities(List.of("/pool/copy")));

        backend.volumes.put(
                "outside",
                new org.strata.spi.storage.VolumeInfo("default", "outside", 5 * gib, 0, "raw", "/pool/outside"));
        assertEquals(java.util.Map.of(), seen.capacities(List.of("/pool/outside")));
        storage.inventoryRound();
        assertEquals(java.util.Map.of("/pool/outside", 5 * gib), seen.capacities(List.of("/pool/outside")));
        backend.volumes.remove("root");
        storage.inventoryRound();
        assertEquals(
                "gone from the backend, gone from the record",
                java.util.Map.of(),
                seen.capacities(List.of("/pool/root")));
    }

    /** Formats and name rules are the storage driver's to say; core keeps names sane and says what the driver takes. */
    @Test
    public void requestsAreHeldToTheVocabularyOfTheHostsDriver() throws Exception {
        // No vocabulary: any word and any sane name; an IQN is a name like any other.
        bed.done(storage.createVolume(host.id(), new VolumeSpec("default", "odd", 1, "vdi"), "alice"));
        assertEquals("vdi", storage.volume(host.id(), "default", "odd").format());
        bed.done(storage.createVolume(host.id(), new VolumeSpec("default", "plain", 1, null), "alice"));
        assertEquals(
                "with no vocabulary, the SPI's first format",
                "qcow2",
                storage.volume(host.id(), "default", "plain").format());
        bed.refused(ErrorCode.NOT_FOUND, () -> storage.volumes(host.id(), "iqn.2003-01.org.example:store1"));

        bed.drivers.unregister(20L);
        bed.drivers.register(
                new InMemoryStorageForTests(
                        EnumSet.of(Capability.VOLUME_CREATE, Capability.VOLUME_IMPORT),
                        Vocabulary.ANY
                                .withVolumeFormats("raw", "qcow2")
                                .withImportFormats("vmdk", "raw")
                                .withPoolNames(new Vocabulary.NameRule("[a-z]+", "lower-case letters"))
                                .withVolumeNames(new Vocabulary.NameRule(".*\\.img", "file names ending in .img"))),
                "s",
                22L);
        // What the driver takes is shown with it (GET /drivers/{id}, driver-info).
        org.strata.api.driver.DriverAccepts shown =
                bed.drivers.driver("memstore").accepts();
        assertEquals(List.of("raw", "qcow2"), shown.volumeFormats());
        assertEquals("lower-case letters", shown.poolNames());
        assertEquals(null, shown.maxUserNameLength());
        StrataException e = assertThrows(
                StrataException.class,
                () -> storage.createVolume(host.id(), new VolumeSpec("default", "a.img", 1, "vdi"), "a"));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertEquals(
                "host 'nas' (driver 'memstore') does not take format 'vdi': its volume formats are raw, qcow2",
                e.getMessage());
        e = assertThrows(StrataException.class, () -> storage.volumes(host.id(), "iqn.2003-01.org.example:store1"));
        assertEquals(
                "host 'nas' (driver 'memstore') does not take pool 'iqn.2003-01.org.example:store1': its pool "
                        + "names are lower-case letters",
                e.getMessage());
        bed.refused(
                ErrorCode.INVALID_INPUT,
                () -> storage.createVolume(host.id(), new VolumeSpec("default", "a.qcow2", 1, null), "a"));
        bed.refused(
                ErrorCode.INVALID_INPUT,
                () -> storage.importVolume(
                        host.id(), new VolumeImport("default", "i.img", "/a.vhdx", "vhdx", null), "a"));
        bed.done(storage.createVolume(host.id(), new VolumeSpec("default", "b.img", 1, null), "alice"));
        assertEquals(
                "the driver's first format is the default",
                "raw",
                storage.volume(host.id(), "default", "b.img").format());
    }

    @Test
    public void badRequestsAreRefusedBeforeAnyTask() {
        bed.refused(
                ErrorCode.INVALID_INPUT,
                () -> storage.createVolume(host.id(), new VolumeSpec("default", "a/b", 1, null), "a"));
        bed.refused(
                ErrorCode.INVALID_INPUT,
                () -> storage.createVolume(host.id(), new VolumeSpec("default", "a", 0, null), "a"));
        bed.refused(
                ErrorCode.INVALID_INPUT,
                () -> storage.createVolume(host.id(), new VolumeSpec("default", "a", 1, "q c"), "a"));
        bed.refused(
                ErrorCode.INVALID_INPUT,
                () -> storage.createVolume(host.id(), new VolumeSpec(null, "a", 1, null), "a"));
        bed.refused(
                ErrorCode.INVALID_INPUT,
                () -> storage.importVolume(
                        host.id(), new VolumeImport("default", "x", "relative.vmdk", null, null), "a"));
        bed.refused(
                ErrorCode.INVALID_INPUT,
                () -> storage.importVolume(host.id(), new VolumeImport("default", "x", "/a.img", "i so", null), "a"));
        bed.refused(ErrorCode.NOT_FOUND, () -> storage.pools("no-such-host"));
        Host kvm = bed.addHost("kvm", "mem://a");
        StrataException notStorage = assertThrows(StrataException.class, () -> storage.pools(kvm.id()));
        assertEquals(ErrorCode.UNSUPPORTED, notStorage.code());
        // The same while the hypervisor's driver is away: its kind is stored with it.
        bed.drivers.unregister(7L);
        StrataException away = assertThrows(StrataException.class, () -> storage.pools(kvm.id()));
        assertEquals(ErrorCode.UNSUPPORTED, away.code());
        assertEquals(notStorage.getMessage(), away.getMessage());
        bed.refused(
                ErrorCode.UNSUPPORTED,
                () -> storage.createVolume(kvm.id(), new VolumeSpec("default", "a", 1, null), "alice"));
        bed.drivers.register(bed.driver, "test.bundle", 8L);

        bed.drivers.unregister(20L);
        bed.drivers.register(new InMemoryStorageForTests(EnumSet.of(Capability.VOLUME_CREATE)), "s", 21L);
        bed.refused(ErrorCode.UNSUPPORTED, () -> storage.cloneVolume(host.id(), "default", "a", "b", "alice"));
        bed.refused(
                ErrorCode.UNSUPPORTED,
                () -> storage.importVolume(host.id(), new VolumeImport("default", "x", "/a.vmdk", null, null), "a"));
        bed.drivers.unregister(21L);
        bed.refused(ErrorCode.DRIVER_UNAVAILABLE, () -> storage.volumes(host.id(), "default"));
    }

    @Test
    public void oneSessionPerHostServesEveryCallUntilTheHostIsForgotten() throws Exception {
        storage.pools(host.id());
        storage.pool(host.id(), "default");
        bed.done(storage.createVolume(host.id(), new VolumeSpec("default", "pooled", 1024, null), "alice"));
        storage.volumes(host.id(), "default");
        assertEquals("one login for four calls", 1, backend.opened.get());
        assertEquals(true, storage.isOpen(host.id()));
        storage.forget(host.id());
        assertEquals(false, storage.isOpen(host.id()));
        assertEquals(1, backend.closed.get());
        storage.pools(host.id());
        assertEquals(2, backend.opened.get());
    }
}
