package org.strata.driver.nfs;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.storage.PoolInfo;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;

/**
 * The driver against a real ganesha, with two witnesses that do not go through it: {@code qemu-img info} over the
 * volume's own {@code nfs://} URL (QEMU's libnfs, as a VM's QEMU opens the disk), and the exported folder on disk,
 * which the test may read because it started the server (or was told where it is).
 */
public class NfsRealPeerTest {

    private static final long MIB = 1024 * 1024;

    @ClassRule
    public static final NfsServer SERVER = new NfsServer();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private NfsServer.Backend backend;
    private NfsStorageDriver driver;
    private StorageSession session;
    private Path pool;

    @Before
    public void open() throws Exception {
        backend = SERVER.newBackend("pool1");
        pool = backend.dir().resolve("pool1");
        driver = new NfsStorageDriver(
                Map.of("import.allowed.dirs", folder.getRoot().toString()));
        session = driver.open(Endpoint.of(backend.address()));
    }

    @After
    public void close() throws Exception {
        if (session != null) {
            session.close();
        }
        backend.remove();
    }

    @Test
    public void createdVolumesAreImagesOnTheExportThatQemuReads() throws Exception {
        VolumeInfo q = session.createVolume("pool1", "disk.qcow2", 2 * MIB, "qcow2");
        VolumeInfo r = session.createVolume("pool1", "disk.raw", 3 * MIB, "raw");

        assertEquals(backend.address() + "/pool1/disk.qcow2", q.path());
        assertEquals(new Info("qcow2", 2 * MIB, null), qemuImgInfo(q.path()));
        assertEquals(new Info("raw", 3 * MIB, null), qemuImgInfo(r.path()));
        assertEquals(2 * MIB, q.capacityBytes());
        assertEquals("qcow2", q.format());
        assertEquals(3 * MIB, r.capacityBytes());
        assertEquals("raw", r.format());

        byte[] head = Arrays4.head(pool.resolve("disk.qcow2"), 4);
        assertArrayEquals("a qcow2 header on disk", new byte[] {'Q', 'F', 'I', (byte) 0xfb}, head);
        assertEquals("a sparse raw file of the size asked for", 3 * MIB, Files.size(pool.resolve("disk.raw")));
        assertEquals(
                List.of("disk.qcow2", "disk.raw"),
                session.volumes("pool1").stream().map(VolumeInfo::name).toList());
    }

    @Test
    public void growingIsSeenByQemuImgAndShrinkingIsRefused() throws Exception {
        VolumeInfo q = session.createVolume("pool1", "g.qcow2", MIB, "qcow2");
        VolumeInfo r = session.createVolume("pool1", "g.raw", MIB, "raw");

        assertEquals(4 * MIB, session.resizeVolume("pool1", "g.qcow2", 4 * MIB).capacityBytes());
        assertEquals(5 * MIB, session.resizeVolume("pool1", "g.raw", 5 * MIB).capacityBytes());
        assertEquals(4 * MIB, qemuImgInfo(q.path()).size());
        assertEquals(5 * MIB, qemuImgInfo(r.path()).size());
        assertEquals(5 * MIB, Files.size(pool.resolve("g.raw")));

        expectFault(Fault.CONFLICT, () -> session.resizeVolume("pool1", "g.qcow2", 2 * MIB));
        assertEquals(
                "a refused shrink changes nothing",
                4 * MIB,
                qemuImgInfo(q.path()).size());
        assertEquals(
                "the same size changes nothing",
                4 * MIB,
                session.resizeVolume("pool1", "g.qcow2", 4 * MIB).capacityBytes());
        expectFault(Fault.NOT_FOUND, () -> session.resizeVolume("pool1", "none", 4 * MIB));
    }

    @Test
    public void aCloneIsAFullCopyThatSharesNothingWithItsSource() throws Exception {
        session.createVolume("pool1", "src.raw", MIB, "raw");
        byte[] data = new byte[(int) MIB];
        new Random(18).nextBytes(data);
        Files.write(pool.resolve("src.raw"), data); // written on the server's side, behind the driver's back

        VolumeInfo clone = session.cloneVolume("pool1", "src.raw", "copy.raw");
        assertEquals(new Info("raw", MIB, null), qemuImgInfo(clone.path()));
        assertArrayEquals("the clone holds the source's bytes", data, Files.readAllBytes(pool.resolve("copy.raw")));

        Files.write(pool.resolve("src.raw"), new byte[(int) MIB]);
        assertArrayEquals("changing the source leaves the clone", data, Files.readAllBytes(pool.resolve("copy.raw")));

        VolumeInfo q = session.createVolume("pool1", "src.qcow2", 2 * MIB, "qcow2");
        VolumeInfo qc = session.cloneVolume("pool1", "src.qcow2", "copy.qcow2");
        assertNotEquals(q.path(), qc.path());
        assertEquals("a full copy, no backing file", new Info("qcow2", 2 * MIB, null), qemuImgInfo(qc.path()));
        expectFault(Fault.CONFLICT, () -> session.cloneVolume("pool1", "src.qcow2", "copy.raw"));
        assertArrayEquals(
                "a refused clone leaves the taken name's file", data, Files.readAllBytes(pool.resolve("copy.raw")));
    }

    @Test
    public void whatAGuestWroteIntoAQcow2CloneIsReadFromTheCloneThroughQemu() throws Exception {
        VolumeInfo src = session.createVolume("pool1", "guest.qcow2", 4 * MIB, "qcow2");
        // qemu-io opens the disk as a VM's QEMU would, over nfs:// with the format given.
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 64k", src.path());
        VolumeInfo copy = session.cloneVolume("pool1", "guest.qcow2", "guest-copy.qcow2");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 0x00 1M 64k", src.path());
        String read = run("qemu-io", "-f", "qcow2", "-c", "read -P 0x5a 1M 64k", copy.path());
        assertFalse(
                "the clone holds what was written before it was made:\n" + read,
                read.contains("Pattern verification failed"));
    }

    @Test
    public void aRawDiskWhoseGuestWroteAQcow2HeaderIsNotOpenedAsOne() throws Exception {
        session.createVolume("pool1", "victim.raw", MIB, "raw");
        Path crafted = folder.getRoot().toPath().resolve("crafted.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-b", "/etc/hostname", "-F", "raw", crafted.toString(), "1M");
        // What a guest could write into the first sectors of its raw disk.
        byte[] header = Files.readAllBytes(crafted);
        try (var out = java.nio.channels.FileChannel.open(
                pool.resolve("victim.raw"), java.nio.file.StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(header));
        }
        DriverException e = expectFault(Fault.UNSUPPORTED, () -> session.cloneVolume("pool1", "victim.raw", "leak"));
        assertTrue(e.getMessage(), e.getMessage().contains("backing file"));
        assertFalse("nothing was made", Files.exists(pool.resolve("leak")));
        expectFault(Fault.UNSUPPORTED, () -> session.resizeVolume("pool1", "victim.raw", 8 * MIB));
    }

    @Test
    public void deletingRemovesTheFileAndOnlyFiles() throws Exception {
        session.createVolume("pool1", "gone.qcow2", MIB, "qcow2");
        assertTrue(Files.exists(pool.resolve("gone.qcow2")));
        session.deleteVolume("pool1", "gone.qcow2");
        assertFalse("the file is gone from the export", Files.exists(pool.resolve("gone.qcow2")));
        expectFault(Fault.NOT_FOUND, () -> session.deleteVolume("pool1", "gone.qcow2"));

        Files.createDirectory(pool.resolve("subdir"));
        expectFault(Fault.NOT_FOUND, () -> session.deleteVolume("pool1", "subdir"));
        assertTrue("a directory is no volume and stays", Files.isDirectory(pool.resolve("subdir")));
    }

    @Test
    public void filesPutOnTheExportByOthersAreListedWithTheirSizes() throws Exception {
        Files.write(pool.resolve("copied.img"), new byte[3 * 65536]);
        Files.write(pool.resolve(".hidden"), new byte[10]);
        Files.write(pool.resolve("with space"), new byte[10]);
        Files.createDirectory(pool.resolve("sub"));

        List<VolumeInfo> volumes = session.volumes("pool1");
        assertEquals(1, volumes.size());
        VolumeInfo v = volumes.get(0);
        assertEquals("copied.img", v.name());
        assertEquals("raw", v.format());
        assertEquals(3 * 65536, v.capacityBytes());
        assertEquals(v, session.volume("pool1", "copied.img"));
    }

    @Test
    public void poolsAreTheSubDirectoriesWithTheSizesOfTheirFileSystem() throws Exception {
        Files.createDirectory(backend.dir().resolve("pool2"));
        Files.createDirectory(backend.dir().resolve(".hidden-dir"));
        Files.write(backend.dir().resolve("file-not-pool"), new byte[1]);
        assertEquals(List.of("pool1", "pool2"), session.pools());

        var store = Files.getFileStore(backend.dir());
        for (PoolInfo p : session.poolInfo()) {
            assertEquals("FSSTAT's size is the exported file system's: " + p, store.getTotalSpace(), p.capacityBytes());
            assertTrue("free space is within capacity: " + p, p.freeBytes() > 0 && p.freeBytes() <= p.capacityBytes());
            // Other writers share the file system: free space is compared within 256 MiB.
            assertTrue(
                    "free space is the file system's: " + p + " vs " + store.getUsableSpace(),
                    Math.abs(store.getUsableSpace() - p.freeBytes()) < 256 * MIB);
        }
    }

    @Test
    public void badAddressesUnknownExportsAndUnknownPoolsGiveTheRightFaults() throws Exception {
        for (String bad : List.of(
                "nfs://127.0.0.1:2049/strata-test",
                "http://127.0.0.1/strata-test",
                "nfs://127.0.0.1/",
                "nfs://127.0.0.1",
                "nfs://127.0.0.1/strata-test/../etc",
                "nfs://root@127.0.0.1/strata-test",
                "nfs://127.0.0.1/strata-test?uid=0",
                "nfs://127.0.0.1/strata test")) {
            DriverException e = expectFault(Fault.UNSUPPORTED, () -> driver.open(Endpoint.of(bad)));
            assertFalse("in words: " + e.getMessage(), e.getMessage().contains("Exception"));
        }
        expectFault(Fault.NOT_FOUND, () -> driver.open(Endpoint.of(SERVER.url() + "/no-such-directory")));
        // Ganesha answers "access denied" for a path outside every export: what a client it does not serve hears.
        DriverException notExported = expectFault(
                Fault.AUTHENTICATION_FAILED, () -> driver.open(Endpoint.of("nfs://127.0.0.1/not-exported")));
        assertTrue(notExported.getMessage(), notExported.getMessage().contains("does not export it"));
        expectFault(Fault.UNREACHABLE, () -> driver.open(Endpoint.of("nfs://no-such-host.invalid/strata-test")));

        expectFault(Fault.NOT_FOUND, () -> session.volumes("no-such-pool"));
        expectFault(Fault.NOT_FOUND, () -> session.createVolume("no-such-pool", "x", MIB, "qcow2"));
        Files.write(backend.dir().resolve("a-file"), new byte[1]);
        expectFault(Fault.NOT_FOUND, () -> session.volumes("a-file"));
        for (String name : List.of("../x", ".hidden", "a b", "-o", "x/y", "")) {
            expectFault(Fault.UNSUPPORTED, () -> session.createVolume("pool1", name, MIB, "qcow2"));
        }
        expectFault(Fault.UNSUPPORTED, () -> session.createVolume("pool1", "v", MIB, "vmdk"));
        expectFault(Fault.UNSUPPORTED, () -> session.createVolume("pool1", "v", 0, "raw"));
        assertEquals("nothing was made", List.of(), Files.list(pool).toList());
    }

    /**
     * A NAS restarts under open sessions. The test ganesha of nfs.sh is restarted: with the same configuration (same ports: handles of ganesha's VFS backend outlive the process) and then on new ports.
     */
    @Test
    public void sessionsOutliveARestartOfTheServerEvenOnNewPorts() throws Exception {
        Path conf = SERVER.exportDir().resolveSibling("ganesha.conf");
        org.junit.Assume.assumeTrue(
                "only the ganesha of tools/test-env/nfs.sh is restarted, not a server someone else runs",
                Files.isRegularFile(conf));
        session.createVolume("pool1", "before", MIB, "qcow2");
        String text = Files.readString(conf);
        SERVER.restartGanesha();
        assertEquals(
                List.of("before"),
                session.volumes("pool1").stream().map(VolumeInfo::name).toList());

        Matcher port = Pattern.compile("NFS_Port = (\\d+);").matcher(text);
        assertTrue(port.find());
        int moved;
        try (var free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            moved = free.getLocalPort();
        }
        Files.writeString(conf, text.replace(port.group(), "NFS_Port = " + moved + ";"));
        SERVER.restartGanesha();
        session.createVolume("pool1", "after", MIB, "raw");
        assertEquals(
                List.of("after", "before"),
                session.volumes("pool1").stream().map(VolumeInfo::name).toList());
        assertEquals(new Info("raw", MIB, null), qemuImgInfo(backend.address() + "/pool1/after"));
    }

    @Test
    public void ofEightCreatorsOfOneNameExactlyOneWins() throws Exception {
        ExecutorService pool8 = Executors.newFixedThreadPool(8);
        try {
            List<Future<VolumeInfo>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Callable<VolumeInfo> create = () -> session.createVolume("pool1", "race.qcow2", MIB, "qcow2");
                results.add(pool8.submit(create));
            }
            int won = 0;
            for (Future<VolumeInfo> f : results) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertTrue(
                            "the others are CONFLICT: " + e.getCause(),
                            e.getCause() instanceof DriverException d && d.fault() == Fault.CONFLICT);
                }
            }
            assertEquals(1, won);
            assertEquals(new Info("qcow2", MIB, null), qemuImgInfo(backend.address() + "/pool1/race.qcow2"));
        } finally {
            pool8.shutdownNow();
        }
    }

    @Test
    public void aVmdkImageIsImportedIntoTheExport() throws Exception {
        Path vmdk = folder.getRoot().toPath().resolve("disk.vmdk");
        run("qemu-img", "create", "-q", "-f", "vmdk", vmdk.toString(), Long.toString(3 * MIB));
        List<Integer> progress = new ArrayList<>();
        VolumeInfo v = session.importVolume("pool1", "imported", vmdk.toString(), null, "qcow2", progress::add);
        assertEquals(new Info("qcow2", 3 * MIB, null), qemuImgInfo(v.path()));
        assertEquals(Integer.valueOf(100), progress.get(progress.size() - 1));

        Path outside = Files.createTempFile("strata-nfs-outside", ".raw");
        try {
            Path link = folder.getRoot().toPath().resolve("link.raw");
            Files.createSymbolicLink(link, outside);
            expectFault(
                    Fault.UNSUPPORTED,
                    () -> session.importVolume("pool1", "escaped", link.toString(), "raw", "raw", null));
            assertFalse("a refused import leaves nothing", Files.exists(pool.resolve("escaped")));
        } finally {
            Files.deleteIfExists(outside);
        }
        expectFault(
                Fault.NOT_FOUND,
                () -> session.importVolume("pool1", "missing", folder.getRoot() + "/none.vmdk", null, "qcow2", null));
        assertFalse(Files.exists(pool.resolve("missing")));
    }

    // ---- witnesses

    /** What qemu-img says of an image, through QEMU's own NFS client. */
    @Test
    public void snapshotsAreInternalQcow2SnapshotsThatRevertTheData() throws Exception {
        VolumeInfo v = session.createVolume("pool1", "s.qcow2", 4 * MIB, "qcow2");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 17 0 64k", v.path());
        session.snapshotVolume("pool1", "s.qcow2", "before");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 34 0 64k", v.path());
        session.snapshotVolume("pool1", "s.qcow2", "after");

        String listed = run("qemu-img", "snapshot", "-l", v.path());
        assertTrue(listed, listed.contains("before") && listed.contains("after"));
        assertEquals(
                List.of("before", "after"),
                session.volumeSnapshots("pool1", "s.qcow2").stream()
                        .map(x -> x.name())
                        .toList());
        session.revertVolume("pool1", "s.qcow2", "before");
        assertTrue("the data is back as it was at 'before'", reads(v.path(), 17));
        session.revertVolume("pool1", "s.qcow2", "after");
        assertTrue("and forward again to 'after'", reads(v.path(), 34));
        session.deleteVolumeSnapshot("pool1", "s.qcow2", "before");
        listed = run("qemu-img", "snapshot", "-l", v.path());
        assertFalse(listed, listed.contains("before"));

        session.createVolume("pool1", "s.raw", MIB, "raw");
        DriverException raw = expectFault(Fault.CONFLICT, () -> session.snapshotVolume("pool1", "s.raw", "x"));
        assertTrue(raw.getMessage(), raw.getMessage().contains("raw volumes hold no snapshots"));
        expectFault(Fault.UNSUPPORTED, () -> session.snapshotVolume("pool1", "s.qcow2", "12"));
    }

    @Test
    public void linkedVolumesAreOverlaysThatQemuFollowsOverNfs() throws Exception {
        VolumeInfo base = session.createVolume("pool1", "base.raw", 4 * MIB, "raw");
        run("qemu-io", "-f", "raw", "-c", "write -P 51 0 64k", base.path());
        VolumeInfo link = session.createLinkedVolume("pool1", "base.raw", "link.qcow2");
        assertEquals("base.raw", link.backing());
        assertEquals(4 * MIB, link.capacityBytes());

        String chain = run("qemu-img", "info", "--backing-chain", link.path());
        assertTrue(chain, chain.contains("backing file: " + base.path()));
        assertTrue(chain, chain.contains("image: " + base.path()));
        assertTrue("QEMU reads the base's data through the linked volume", reads(link.path(), 51));

        // The linked volume holds snapshots too: qemu-img opens its base, in the same pool, with it.
        session.snapshotVolume("pool1", "link.qcow2", "s1");
        assertEquals(1, session.volumeSnapshots("pool1", "link.qcow2").size());

        expectFault(Fault.CONFLICT, () -> session.deleteVolume("pool1", "base.raw"));
        assertTrue(Files.exists(pool.resolve("base.raw")));
        expectFault(Fault.UNSUPPORTED, () -> session.createLinkedVolume("pool1", "link.qcow2", "link2.qcow2"));
        session.deleteVolume("pool1", "link.qcow2");
        session.deleteVolume("pool1", "base.raw");
    }

    @Test
    public void cloningTellsQemuImgsProgress() throws Exception {
        VolumeInfo v = session.createVolume("pool1", "p.qcow2", 8 * MIB, "qcow2");
        run("qemu-io", "-f", "qcow2", "-c", "write -P 68 0 4m", v.path());
        List<Integer> progress = new ArrayList<>();
        VolumeInfo copy = session.cloneVolume("pool1", "p.qcow2", "p-copy.qcow2", progress::add);
        assertFalse("progress was told", progress.isEmpty());
        assertEquals("it ends at 100: " + progress, 100, (int) progress.get(progress.size() - 1));
        for (int i = 1; i < progress.size(); i++) {
            assertTrue("it only grows: " + progress, progress.get(i) > progress.get(i - 1));
        }
        assertTrue("the copy holds the data", reads(copy.path(), 68));
    }

    private static boolean reads(String url, int pattern) throws Exception {
        String out = run("qemu-io", "-r", "-f", "qcow2", "-c", "read -P " + pattern + " 0 64k", url);
        return !out.contains("Pattern verification failed");
    }

    record Info(String format, long size, String backing) {}

    private static final Pattern FORMAT = Pattern.compile("(?m)^file format: (\\S+)$");
    private static final Pattern SIZE = Pattern.compile("(?m)^virtual size: .*\\((\\d+) bytes\\)$");
    private static final Pattern BACKING = Pattern.compile("(?m)^backing file: (.+)$");

    static Info qemuImgInfo(String url) throws Exception {
        String out = run("qemu-img", "info", url);
        Matcher f = FORMAT.matcher(out);
        Matcher s = SIZE.matcher(out);
        Matcher b = BACKING.matcher(out);
        assertTrue("qemu-img info reads " + url + ":\n" + out, f.find() && s.find());
        return new Info(f.group(1), Long.parseLong(s.group(1)), b.find() ? b.group(1) : null);
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 60 s");
        }
        assertEquals(String.join(" ", command) + ":\n" + out, 0, p.exitValue());
        return out;
    }

    private static DriverException expectFault(Fault fault, Runnable call) {
        try {
            call.run();
        } catch (DriverException e) {
            assertEquals("fault of: " + e.getMessage(), fault, e.fault());
            return e;
        }
        throw new AssertionError("expected " + fault + ", but the call succeeded");
    }

    private static final class Arrays4 {
        static byte[] head(Path file, int n) throws Exception {
            try (var in = Files.newInputStream(file)) {
                return in.readNBytes(n);
            }
        }
    }
}
