package org.strata.driver.libvirt.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.StoragePool;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;

/**
 * The driver against libvirt's in-process test driver (Debian libvirt0): each test has a host file of its own,
 * with a dir pool "images" holding one qcow2 volume and a logical pool "vg0" the driver must leave alone.
 * The test driver cannot resize volumes and has no directories; those are checked on a real daemon in
 * {@link LibvirtDirRealPeerTest}.
 */
public class LibvirtDirStorageDriverTest {

    private static final long MIB = 1024 * 1024;
    private static final String PASSWORD = "t0p-s3cret-storage";

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final LibvirtDirStorageDriver driver = new LibvirtDirStorageDriver(Map.of("import.allowed.dirs", "*"));
    private StorageSession session;

    @Before
    public void open() throws Exception {
        session = driver.open(Endpoint.of("test://" + hostFile(false)));
    }

    @After
    public void close() {
        session.close();
    }

    private Path hostFile(boolean withAuth) throws Exception {
        Path file = folder.newFolder().toPath().resolve("host.xml");
        Files.writeString(
                file, "<node>" + (withAuth ? "<auth><user password='" + PASSWORD + "'>admin</user></auth>" : "") + """
                  <pool type='dir'>
                    <name>images</name>
                    <capacity>107374182400</capacity><allocation>0</allocation><available>107374182400</available>
                    <target><path>/images</path></target>
                    <volume type='file'><name>base.qcow2</name><capacity>1048576</capacity><allocation>0</allocation>
                      <target><format type='qcow2'/></target></volume>
                  </pool>
                  <pool type='logical'>
                    <name>vg0</name>
                    <source><name>vg0</name><format type='lvm2'/></source>
                    <target><path>/dev/vg0</path></target>
                  </pool>
                </node>
                """);
        return file;
    }

    private static Fault fault(Runnable call) {
        return assertThrows(DriverException.class, call::run).fault();
    }

    @Test
    public void describesItselfAsAStorageDriverForDirPools() {
        assertEquals("libvirt-dir", driver.descriptor().id());
        assertEquals(DriverKind.STORAGE, driver.descriptor().kind());
        for (Capability c : List.of(
                Capability.VOLUME_CREATE,
                Capability.VOLUME_CLONE,
                Capability.VOLUME_RESIZE,
                Capability.VOLUME_IMPORT)) {
            assertTrue(c.name(), driver.descriptor().can(c));
        }
        assertFalse(driver.descriptor().can(Capability.VM_POWER));
    }

    @Test
    public void offersOnlyDirPools() {
        assertEquals(List.of("images"), session.pools());
        assertEquals(Fault.UNSUPPORTED, fault(() -> session.volumes("vg0")));
        assertEquals(
                List.of("images"),
                session.poolInfo().stream()
                        .map(org.strata.spi.storage.PoolInfo::name)
                        .toList());
    }

    @Test
    public void inactivePoolsAreNotOfferedAndRefuseWork() throws Exception {
        String name = "strata-idle-" + UUID.randomUUID().toString().substring(0, 8);
        // test:///default is the one test host several connections share, so a pool defined here is seen there.
        Connect admin = new Connect("test:///default", false);
        admin.setConnectionErrorCallback(new ErrorCallback());
        StoragePool idle = admin.storagePoolDefineXML(
                "<pool type='dir'><name>" + name + "</name><target><path>/" + name + "</path></target></pool>", 0);
        try (StorageSession shared = driver.open(Endpoint.of("test:///default"))) {
            assertFalse(shared.pools().contains(name));
            assertTrue(shared.pools().contains("default-pool"));
            DriverException e = assertThrows(DriverException.class, () -> shared.volumes(name));
            assertEquals(Fault.CONFLICT, e.fault());
            assertTrue(e.getMessage(), e.getMessage().contains("not active"));
        } finally {
            idle.undefine();
            admin.close();
        }
    }

    @Test
    public void listsAndReadsVolumes() {
        List<VolumeInfo> volumes = session.volumes("images");
        assertEquals(1, volumes.size());
        VolumeInfo base = volumes.get(0);
        assertEquals(new VolumeInfo("images", "base.qcow2", MIB, 0, "qcow2", "/images/base.qcow2"), base);
        assertEquals(base, session.volume("images", "base.qcow2"));
    }

    @Test
    public void createsQcow2AndRawVolumes() {
        VolumeInfo disk = session.createVolume("images", "disk1", 8 * MIB, "qcow2");
        assertEquals("disk1", disk.name());
        assertEquals(8 * MIB, disk.capacityBytes());
        assertEquals("qcow2", disk.format());
        assertEquals("/images/disk1", disk.path());
        VolumeInfo raw = session.createVolume("images", "disk2.img", 4 * MIB, "RAW");
        assertEquals("raw", raw.format());
        VolumeInfo byDefault = session.createVolume("images", "disk3", MIB, null);
        assertEquals("qcow2", byDefault.format());
        assertEquals(
                List.of("base.qcow2", "disk1", "disk2.img", "disk3"),
                session.volumes("images").stream().map(VolumeInfo::name).toList());
        assertEquals(4 * MIB, session.volume("images", "disk2.img").capacityBytes());
    }

    @Test
    public void aTakenNameIsAConflict() {
        DriverException e =
                assertThrows(DriverException.class, () -> session.createVolume("images", "base.qcow2", 2 * MIB, "raw"));
        assertEquals(Fault.CONFLICT, e.fault());
        assertEquals(MIB, session.volume("images", "base.qcow2").capacityBytes());
        assertEquals("qcow2", session.volume("images", "base.qcow2").format());
    }

    @Test
    public void unknownPoolsAndVolumesAreNotFound() {
        assertEquals(Fault.NOT_FOUND, fault(() -> session.volumes("nope")));
        assertEquals(Fault.NOT_FOUND, fault(() -> session.createVolume("nope", "d", MIB, "qcow2")));
        assertEquals(Fault.NOT_FOUND, fault(() -> session.volume("images", "nope")));
        assertEquals(Fault.NOT_FOUND, fault(() -> session.deleteVolume("images", "nope")));
        assertEquals(Fault.NOT_FOUND, fault(() -> session.cloneVolume("images", "nope", "copy")));
        assertEquals(Fault.NOT_FOUND, fault(() -> session.resizeVolume("images", "nope", 2 * MIB)));
    }

    @Test
    public void badFormatsNamesAndSizesAreRefusedBeforeAnythingIsCreated() {
        DriverException e = assertThrows(DriverException.class, () -> session.createVolume("images", "d", MIB, "vdi"));
        assertEquals(Fault.UNSUPPORTED, e.fault());
        assertTrue(e.getMessage(), e.getMessage().contains("qcow2 or raw"));
        for (String bad : List.of("../etc/passwd", "a/b", "..", ".", ".hidden", "", "x\ny")) {
            assertEquals(bad, Fault.UNSUPPORTED, fault(() -> session.createVolume("images", bad, MIB, "qcow2")));
        }
        assertEquals(Fault.UNSUPPORTED, fault(() -> session.createVolume("images", "zero", 0, "qcow2")));
        assertEquals(Fault.UNSUPPORTED, fault(() -> session.createVolume("images", "neg", -1, "raw")));
        assertEquals(Fault.UNSUPPORTED, fault(() -> session.cloneVolume("images", "base.qcow2", "../x")));
        assertEquals(
                List.of("base.qcow2"),
                session.volumes("images").stream().map(VolumeInfo::name).toList());
    }

    @Test
    public void clonesAVolumeWithItsSizeAndFormat() {
        session.createVolume("images", "golden", 16 * MIB, "raw");
        VolumeInfo copy = session.cloneVolume("images", "golden", "copy");
        assertEquals("copy", copy.name());
        assertEquals(16 * MIB, copy.capacityBytes());
        assertEquals("raw", copy.format());
        assertEquals(
                List.of("base.qcow2", "copy", "golden"),
                session.volumes("images").stream().map(VolumeInfo::name).toList());
        assertEquals(Fault.CONFLICT, fault(() -> session.cloneVolume("images", "golden", "base.qcow2")));
    }

    @Test
    public void shrinkingIsRefusedAndLeavesTheVolumeAlone() {
        DriverException e =
                assertThrows(DriverException.class, () -> session.resizeVolume("images", "base.qcow2", MIB / 2));
        assertEquals(Fault.CONFLICT, e.fault());
        assertTrue(e.getMessage(), e.getMessage().contains("shrink"));
        assertEquals(MIB, session.volume("images", "base.qcow2").capacityBytes());
        // Same size: nothing to do, nothing asked of libvirt.
        assertEquals(MIB, session.resizeVolume("images", "base.qcow2", MIB).capacityBytes());
    }

    @Test
    public void growingOnTheTestDriverSaysItIsUnsupported() {
        // libvirt's test driver has no virStorageVolResize; growing is checked on a real daemon.
        DriverException e =
                assertThrows(DriverException.class, () -> session.resizeVolume("images", "base.qcow2", 2 * MIB));
        assertEquals(Fault.UNSUPPORTED, e.fault());
    }

    @Test
    public void deletesVolumes() {
        session.createVolume("images", "scratch", MIB, "qcow2");
        session.deleteVolume("images", "scratch");
        assertEquals(Fault.NOT_FOUND, fault(() -> session.volume("images", "scratch")));
        assertEquals(
                List.of("base.qcow2"),
                session.volumes("images").stream().map(VolumeInfo::name).toList());
    }

    @Test
    public void importNeedsALocalDaemonAndSaysSo() throws Exception {
        Path image = folder.newFile("disk.vmdk").toPath();
        DriverException e = assertThrows(
                DriverException.class,
                () -> session.importVolume("images", "imported", image.toString(), "vmdk", "qcow2", p -> {}));
        assertEquals(Fault.UNSUPPORTED, e.fault());
        assertTrue(e.getMessage(), e.getMessage().contains("not a local libvirt URI"));
        assertEquals(
                Fault.UNSUPPORTED,
                fault(() -> session.importVolume("images", "i", image.toString(), "vdi", "qcow2", p -> {})));
        assertEquals(
                Fault.UNSUPPORTED,
                fault(() -> session.importVolume("images", "i", image.toString(), "vmdk", "vmdk", p -> {})));
        assertEquals(
                List.of("base.qcow2"),
                session.volumes("images").stream().map(VolumeInfo::name).toList());
    }

    @Test
    public void answersSaslQuestionsFromTheEndpointAndNeverShowsThePassword() throws Exception {
        Path file = hostFile(true);
        try (StorageSession s = driver.open(new Endpoint("test://" + file, "admin", Secret.of(PASSWORD), null))) {
            assertEquals(List.of("images"), s.pools());
        }
        DriverException wrong = assertThrows(
                DriverException.class,
                () -> driver.open(new Endpoint("test://" + file, "admin", Secret.of(PASSWORD + "x"), null)));
        assertEquals(Fault.AUTHENTICATION_FAILED, wrong.fault());
        assertFalse(wrong.getMessage(), wrong.getMessage().contains(PASSWORD));
        DriverException none = assertThrows(DriverException.class, () -> driver.open(Endpoint.of("test://" + file)));
        assertEquals(none.getMessage(), Fault.AUTHENTICATION_FAILED, none.fault());
    }

    /**
     * libvirt-java's own ConnectAuth double-frees every answer (JNA and libvirt both free it); with it this loop
     * killed the JVM (glibc "double free or corruption") within 100 to 200 rounds.
     */
    @Test
    public void manyAuthenticatedSessionsLeaveTheHeapIntact() throws Exception {
        Path file = hostFile(true);
        Endpoint good = new Endpoint("test://" + file, "admin", Secret.of(PASSWORD), null);
        Endpoint bad = new Endpoint("test://" + file, "admin", Secret.of("wrong"), null);
        for (int i = 0; i < 250; i++) {
            try (StorageSession s = driver.open(good)) {
                assertEquals(List.of("images"), s.pools());
            }
            assertEquals(Fault.AUTHENTICATION_FAILED, fault(() -> driver.open(bad)));
            if (i % 50 == 0) {
                System.gc();
            }
        }
    }

    @Test
    public void anUnreachableDaemonIsUnreachable() {
        // Port 1 on the loopback refuses at once: no daemon, no wait.
        DriverException e =
                assertThrows(DriverException.class, () -> driver.open(Endpoint.of("qemu+tcp://127.0.0.1:1/system")));
        assertEquals(Fault.UNREACHABLE, e.fault());
        assertEquals(
                Fault.UNREACHABLE,
                fault(() -> driver.open(Endpoint.of("qemu+unix:///system?socket=/nonexistent/libvirt-sock"))));
    }

    @Test
    public void aClosedSessionRefusesCalls() {
        session.close();
        assertEquals(Fault.UNREACHABLE, fault(() -> session.pools()));
        session.close();
    }

    @Test
    public void servesSeveralThreadsAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<VolumeInfo>> creates = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String name = "t" + i;
                creates.add(() -> {
                    session.volumes("images");
                    return session.createVolume("images", name, MIB, i2f(name));
                });
            }
            for (Future<VolumeInfo> f : pool.invokeAll(creates, 60, TimeUnit.SECONDS)) {
                assertEquals(MIB, f.get().capacityBytes());
            }
            assertEquals(33, session.volumes("images").size());

            // Eight threads race for one name: exactly one wins, the others hear CONFLICT.
            List<Callable<Fault>> racers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                racers.add(() -> {
                    try {
                        session.createVolume("images", "contested", MIB, "qcow2");
                        return null;
                    } catch (DriverException e) {
                        return e.fault();
                    }
                });
            }
            int winners = 0;
            for (Future<Fault> f : pool.invokeAll(racers, 60, TimeUnit.SECONDS)) {
                if (f.get() == null) {
                    winners++;
                } else {
                    assertEquals(Fault.CONFLICT, f.get());
                }
            }
            assertEquals(1, winners);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String i2f(String name) {
        return name.hashCode() % 2 == 0 ? "qcow2" : "raw";
    }
}
