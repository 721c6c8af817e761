package org.strata.driver.libvirt.storage;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.StoragePool;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;

/**
 * The driver against a real libvirtd ({@code STRATA_TEST_LIBVIRT_URI}, e.g. qemu:///system on this machine):
 * a dir pool of its own in a temporary directory, real qcow2 files checked with qemu-img, real imports.
 * Skipped (by assumption) when the variable is not set.
 */
public class LibvirtDirRealPeerTest {

    private static final long MIB = 1024 * 1024;

    @ClassRule
    public static TemporaryFolder classFolder = new TemporaryFolder();

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private static String uri;
    private static Connect admin;
    private static StoragePool pool;
    private static String poolName;
    private static Path poolDir;
    private static StorageSession session;

    @BeforeClass
    public static void definePool() throws Exception {
        uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
        assumeTrue(
                "STRATA_TEST_LIBVIRT_URI is not set: no real libvirtd to test against", uri != null && !uri.isBlank());
        // The pool's directory is a temporary folder of this JVM: the daemon must see the same file system.
        assumeTrue("STRATA_TEST_LIBVIRT_URI must name a daemon on this machine", LibvirtUris.hasLocalFiles(uri));
        admin = new Connect(uri, false);
        admin.setConnectionErrorCallback(new ErrorCallback());
        poolName = "strata-test-" + UUID.randomUUID().toString().substring(0, 8);
        poolDir = classFolder.newFolder(poolName).toPath();
        pool = admin.storagePoolDefineXML(
                "<pool type='dir'><name>" + poolName + "</name><target><path>" + poolDir + "</path></target></pool>",
                0);
        pool.create(0);
        session = new LibvirtDirStorageDriver(Map.of("import.allowed.dirs", "*")).open(Endpoint.of(uri));
    }

    @AfterClass
    public static void removePool() throws Exception {
        if (session != null) {
            session.close();
        }
        if (pool != null) {
            if (pool.isActive() == 1) {
                for (String vol : pool.listVolumes()) {
                    pool.storageVolLookupByName(vol).delete(0);
                }
                pool.destroy();
            }
            pool.undefine();
        }
        if (admin != null) {
            admin.close();
        }
    }

    private static ImageInfo inspect(Path file) {
        return new QemuImg("qemu-img").info(file, null);
    }

    private static List<String> files() throws Exception {
        try (Stream<Path> list = Files.list(poolDir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** Runs a witness tool (qemu-img, qemu-io) and returns its exit status and output. */
    private static String tool(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return p.waitFor() + ":" + out;
    }

    /** Whether the first 64 KiB of the image read as {@code pattern}, as QEMU reads them (through backing files). */
    private static boolean reads(Path image, int pattern) throws Exception {
        String out = tool("qemu-io", "-r", "-f", "qcow2", "-c", "read -P " + pattern + " 0 64k", image.toString());
        return out.startsWith("0:") && !out.contains("Pattern verification failed");
    }

    @Test
    public void snapshotsAreInternalQcow2SnapshotsThatRevertTheData() throws Exception {
        String name = unique("snap") + ".qcow2";
        session.createVolume(poolName, name, 4 * MIB, "qcow2");
        Path file = poolDir.resolve(name);
        assertTrue(tool("qemu-io", "-f", "qcow2", "-c", "write -P 17 0 64k", file.toString())
                .startsWith("0:"));
        session.snapshotVolume(poolName, name, "before");
        assertTrue(tool("qemu-io", "-f", "qcow2", "-c", "write -P 34 0 64k", file.toString())
                .startsWith("0:"));
        session.snapshotVolume(poolName, name, "after");

        String listed = tool("qemu-img", "snapshot", "-l", file.toString());
        assertTrue(listed, listed.startsWith("0:") && listed.contains("before") && listed.contains("after"));
        assertEquals(
                List.of("before", "after"),
                session.volumeSnapshots(poolName, name).stream()
                        .map(s -> s.name())
                        .toList());
        assertTrue(session.volumeSnapshots(poolName, name).get(0).created() != null);

        session.revertVolume(poolName, name, "before");
        assertTrue("the data is back as it was at 'before'", reads(file, 17));
        session.revertVolume(poolName, name, "after");
        assertTrue("and forward again to 'after'", reads(file, 34));

        session.deleteVolumeSnapshot(poolName, name, "before");
        listed = tool("qemu-img", "snapshot", "-l", file.toString());
        assertFalse(listed, listed.contains("before"));
        assertTrue(listed, listed.contains("after"));

        String raw = unique("raw") + ".img";
        session.createVolume(poolName, raw, MIB, "raw");
        DriverException refused = assertThrows(DriverException.class, () -> session.snapshotVolume(poolName, raw, "s"));
        assertEquals(Fault.CONFLICT, refused.fault());
        assertTrue(refused.getMessage(), refused.getMessage().contains("raw volumes hold no snapshots"));
        assertEquals(
                Fault.UNSUPPORTED,
                assertThrows(DriverException.class, () -> session.snapshotVolume(poolName, name, "12"))
                        .fault());
        session.deleteVolume(poolName, raw);
        session.deleteVolume(poolName, name);
    }

    @Test
    public void aVolumeInUseIsNotSnapshottedAndACloneTellsItsProgress() throws Exception {
        String name = unique("busy") + ".qcow2";
        session.createVolume(poolName, name, 8 * MIB, "qcow2");
        Path file = poolDir.resolve(name);
        assertTrue(tool("qemu-io", "-f", "qcow2", "-c", "write -P 68 0 4m", file.toString())
                .startsWith("0:"));

        List<Integer> progress = new ArrayList<>();
        String copy = unique("copy") + ".qcow2";
        VolumeInfo cloned = session.cloneVolume(poolName, name, copy, progress::add);
        assertEquals(8 * MIB, cloned.capacityBytes());
        assertTrue(
                "libvirt knows the copy",
                session.volumes(poolName).stream().anyMatch(v -> v.name().equals(copy)));
        assertEquals("it ends at 100: " + progress, 100, (int) progress.get(progress.size() - 1));
        assertTrue("the copy holds the data", reads(poolDir.resolve(copy), 68));

        // qemu-nbd holds the file's write lock, as a running VM's QEMU does.
        Path socket = folder.getRoot().toPath().resolve("nbd.sock");
        Process nbd = new ProcessBuilder("qemu-nbd", "-f", "qcow2", "-k", socket.toString(), file.toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.newFile("nbd.log"))
                .start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!Files.exists(socket) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue("qemu-nbd serves the volume", Files.exists(socket));
            DriverException busy =
                    assertThrows(DriverException.class, () -> session.snapshotVolume(poolName, name, "now"));
            assertEquals(busy.getMessage(), Fault.CONFLICT, busy.fault());
            assertTrue(busy.getMessage(), busy.getMessage().contains("in use"));
            assertEquals("listing needs no lock", List.of(), session.volumeSnapshots(poolName, name));
        } finally {
            nbd.destroy();
            nbd.waitFor();
        }
        session.deleteVolume(poolName, copy);
        session.deleteVolume(poolName, name);
    }

    @Test
    public void linkedVolumesAreOverlaysReadingTheirBase() throws Exception {
        String base = unique("base") + ".img";
        session.createVolume(poolName, base, 4 * MIB, "raw");
        Path baseFile = poolDir.resolve(base);
        assertTrue(tool("qemu-io", "-f", "raw", "-c", "write -P 51 0 64k", baseFile.toString())
                .startsWith("0:"));
        String link = unique("link") + ".qcow2";
        VolumeInfo linked = session.createLinkedVolume(poolName, base, link);
        assertEquals(base, linked.backing());
        assertEquals(4 * MIB, linked.capacityBytes());

        Path linkFile = poolDir.resolve(link);
        String chain = tool("qemu-img", "info", "--backing-chain", linkFile.toString());
        assertTrue(chain, chain.startsWith("0:") && chain.contains("backing file: " + baseFile));
        assertTrue(chain, chain.contains("backing file format: raw"));
        assertTrue("the linked volume reads its base's data", reads(linkFile, 51));

        DriverException busy = assertThrows(DriverException.class, () -> session.deleteVolume(poolName, base));
        assertEquals(Fault.CONFLICT, busy.fault());
        assertTrue(Files.exists(baseFile));
        session.deleteVolume(poolName, link);
        assertFalse(Files.exists(linkFile));
        session.deleteVolume(poolName, base);
    }

    @Test
    public void offersTheTestPool() {
        assertTrue(session.pools().contains(poolName));
        // The real daemon says the pool's size: that of the file system under its folder.
        org.strata.spi.storage.PoolInfo info = session.poolInfo().stream()
                .filter(p -> p.name().equals(poolName))
                .findFirst()
                .orElseThrow();
        assertTrue(info.toString(), info.capacityBytes() > 0);
        assertTrue(info.toString(), info.freeBytes() > 0 && info.freeBytes() <= info.capacityBytes());
    }

    @Test
    public void createsClonesGrowsAndDeletesRealQcow2Files() throws Exception {
        String name = unique("disk") + ".qcow2";
        VolumeInfo disk = session.createVolume(poolName, name, 4 * MIB, "qcow2");
        Path file = poolDir.resolve(name);
        assertEquals(file.toString(), disk.path());
        assertEquals(new ImageInfo("qcow2", 4 * MIB, null, List.of()), inspect(file));

        String copyName = unique("copy") + ".qcow2";
        VolumeInfo copy = session.cloneVolume(poolName, name, copyName);
        assertEquals(4 * MIB, copy.capacityBytes());
        assertEquals("qcow2", inspect(poolDir.resolve(copyName)).format());
        assertEquals(4 * MIB, inspect(poolDir.resolve(copyName)).virtualSize());

        VolumeInfo grown = session.resizeVolume(poolName, name, 10 * MIB);
        assertEquals(10 * MIB, grown.capacityBytes());
        assertEquals(10 * MIB, inspect(file).virtualSize());

        DriverException shrink =
                assertThrows(DriverException.class, () -> session.resizeVolume(poolName, name, 2 * MIB));
        assertEquals(Fault.CONFLICT, shrink.fault());
        assertEquals(10 * MIB, inspect(file).virtualSize());

        assertEquals(
                Fault.CONFLICT,
                assertThrows(DriverException.class, () -> session.createVolume(poolName, name, MIB, "raw"))
                        .fault());

        session.deleteVolume(poolName, name);
        session.deleteVolume(poolName, copyName);
        assertFalse(Files.exists(file));
        assertFalse(Files.exists(poolDir.resolve(copyName)));
        assertEquals(
                Fault.NOT_FOUND,
                assertThrows(DriverException.class, () -> session.volume(poolName, name))
                        .fault());
    }

    @Test
    public void createsSparseRawFiles() throws Exception {
        String name = unique("raw") + ".img";
        VolumeInfo raw = session.createVolume(poolName, name, 8 * MIB, "raw");
        assertEquals("raw", raw.format());
        assertEquals(8 * MIB, Files.size(poolDir.resolve(name)));
        session.deleteVolume(poolName, name);
    }

    @Test
    public void importsAnEmptyVmdkFromVmware() throws Exception {
        Path vmdk = folder.getRoot().toPath().resolve("empty.vmdk");
        QemuImgTest.run("qemu-img", "create", "-q", "-f", "vmdk", vmdk.toString(), "6M");
        String name = unique("empty") + ".qcow2";
        List<Integer> progress = new ArrayList<>();
        VolumeInfo v = session.importVolume(poolName, name, vmdk.toString(), null, "qcow2", progress::add);
        assertEquals(6 * MIB, v.capacityBytes());
        assertEquals("qcow2", v.format());
        assertEquals(poolDir.resolve(name).toString(), v.path());
        assertEquals(new ImageInfo("qcow2", 6 * MIB, null, List.of()), inspect(poolDir.resolve(name)));
        assertEquals(Integer.valueOf(100), progress.get(progress.size() - 1));
        assertEquals(v, session.volume(poolName, name));
        session.deleteVolume(poolName, name);
    }

    @Test
    public void importedDataArrivesByteForByte() throws Exception {
        byte[] data = QemuImgTest.pattern(3 * (int) MIB, 2026);
        Path raw = folder.getRoot().toPath().resolve("data.raw");
        Files.write(raw, data);
        Path vmdk = folder.getRoot().toPath().resolve("data.vmdk");
        QemuImgTest.run("qemu-img", "convert", "-f", "raw", "-O", "vmdk", raw.toString(), vmdk.toString());
        Path vhdx = folder.getRoot().toPath().resolve("data.vhdx");
        QemuImgTest.run("qemu-img", "convert", "-f", "raw", "-O", "vhdx", raw.toString(), vhdx.toString());

        String fromVmdk = unique("vmware") + ".qcow2";
        session.importVolume(poolName, fromVmdk, vmdk.toString(), "vmdk", "qcow2", p -> {});
        Path back = folder.getRoot().toPath().resolve("back.raw");
        QemuImgTest.run(
                "qemu-img",
                "convert",
                "-f",
                "qcow2",
                "-O",
                "raw",
                poolDir.resolve(fromVmdk).toString(),
                back.toString());
        assertArrayEquals(data, Files.readAllBytes(back));

        String fromVhdx = unique("hyperv") + ".img";
        VolumeInfo v = session.importVolume(poolName, fromVhdx, vhdx.toString(), null, "raw", p -> {});
        assertEquals("raw", v.format());
        assertArrayEquals(data, Files.readAllBytes(poolDir.resolve(fromVhdx)));

        session.deleteVolume(poolName, fromVmdk);
        session.deleteVolume(poolName, fromVhdx);
    }

    @Test
    public void aFailedImportLeavesNothingBehind() throws Exception {
        Path garbage = folder.newFile("broken.vmdk").toPath();
        Files.write(garbage, QemuImgTest.pattern(64 * 1024, 9));
        List<String> before = files();
        String name = unique("broken");
        DriverException e = assertThrows(
                DriverException.class,
                () -> session.importVolume(poolName, name, garbage.toString(), "vmdk", "qcow2", p -> {}));
        assertEquals(Fault.DRIVER_FAILURE, e.fault());
        assertTrue(e.getMessage(), e.getMessage().contains("qemu-img"));
        assertEquals(before, files());
        assertEquals(
                Fault.NOT_FOUND,
                assertThrows(DriverException.class, () -> session.volume(poolName, name))
                        .fault());
    }

    @Test
    public void aMissingQemuImgSaysWhichPackageAndLeavesNothingBehind() throws Exception {
        Path vmdk = folder.getRoot().toPath().resolve("x.vmdk");
        QemuImgTest.run("qemu-img", "create", "-q", "-f", "vmdk", vmdk.toString(), "1M");
        List<String> before = files();
        try (StorageSession noTool = new LibvirtDirStorageDriver(
                        Map.of("qemu.img", "/nonexistent/qemu-img", "import.allowed.dirs", "*"))
                .open(Endpoint.of(uri))) {
            DriverException e = assertThrows(
                    DriverException.class,
                    () -> noTool.importVolume(poolName, unique("x"), vmdk.toString(), "vmdk", "qcow2", p -> {}));
            assertEquals(Fault.DRIVER_FAILURE, e.fault());
            assertTrue(e.getMessage(), e.getMessage().contains("qemu-utils"));
        }
        assertEquals(before, files());
    }

    @Test
    public void importRefusesTakenNamesMissingFilesAndForbiddenDirectories() throws Exception {
        Path vmdk = folder.getRoot().toPath().resolve("y.vmdk");
        QemuImgTest.run("qemu-img", "create", "-q", "-f", "vmdk", vmdk.toString(), "1M");
        String name = unique("taken");
        session.createVolume(poolName, name, MIB, "raw");
        assertEquals(
                Fault.CONFLICT,
                assertThrows(
                                DriverException.class,
                                () -> session.importVolume(poolName, name, vmdk.toString(), null, "qcow2", p -> {}))
                        .fault());
        assertEquals(MIB, Files.size(poolDir.resolve(name)));
        session.deleteVolume(poolName, name);

        assertEquals(
                Fault.NOT_FOUND,
                assertThrows(
                                DriverException.class,
                                () -> session.importVolume(
                                        poolName, unique("n"), "/no/such/image.vmdk", null, "qcow2", p -> {}))
                        .fault());
        assertEquals(
                Fault.UNSUPPORTED,
                assertThrows(
                                DriverException.class,
                                () -> session.importVolume(
                                        poolName, unique("n"), "relative.vmdk", null, "qcow2", p -> {}))
                        .fault());

        Path allowed = folder.newFolder("allowed").toPath();
        try (StorageSession fenced =
                new LibvirtDirStorageDriver(Map.of("import.allowed.dirs", allowed.toString())).open(Endpoint.of(uri))) {
            DriverException e = assertThrows(
                    DriverException.class,
                    () -> fenced.importVolume(poolName, unique("f"), vmdk.toString(), null, "qcow2", p -> {}));
            assertEquals(Fault.UNSUPPORTED, e.fault());
            assertTrue(e.getMessage(), e.getMessage().contains("outside"));
            Path inside = allowed.resolve("ok.vmdk");
            Files.copy(vmdk, inside);
            String ok = unique("fenced");
            assertEquals(
                    MIB,
                    fenced.importVolume(poolName, ok, inside.toString(), null, "raw", p -> {})
                            .capacityBytes());
            fenced.deleteVolume(poolName, ok);
        }
    }
}
