package org.strata.driver.iscsi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;

/**
 * The driver against a real tgtd ({@link TestTgtd}), with witnesses that are not the driver: tgtadm's own view of
 * the target, and QEMU's iSCSI initiator (libiscsi, Debian qemu-block-extra) through {@code qemu-img info} and
 * {@code qemu-io} on the volume's {@code iscsi://} path, which is exactly what a VM's disk opens.
 */
public class IscsiDriverTest {

    private static final long MIB = 1024 * 1024;
    private static final Pattern VIRTUAL_SIZE = Pattern.compile("\"virtual-size\":\\s*(\\d+)");

    @ClassRule
    public static final TestTgtd TGTD = new TestTgtd();

    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final IscsiStorageDriver driver = TGTD.driver();
    private final List<Process> started = new ArrayList<>();
    private String pool;
    private StorageSession session;

    @Before
    public void open() {
        pool = TGTD.newPool();
        session = driver.open(Endpoint.of(TGTD.address(pool)));
    }

    @After
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        session.close();
    }

    @Test
    public void aNewVolumeIsASparseLunThatQemuOpens() throws Exception {
        VolumeInfo v = session.createVolume(pool, "disk1", 8 * MIB, "raw");
        assertEquals("iscsi://" + TGTD.base().portal() + "/" + pool + "/1", v.path());
        assertEquals(8 * MIB, v.capacityBytes());
        assertTrue("sparse: " + v, v.allocationBytes() >= 0 && v.allocationBytes() < MIB);

        Tgtadm.Target target = target();
        Path file = TGTD.base().dir().resolve(pool).resolve("disk1");
        assertTrue(
                "tgtadm shows LUN 1 backed by " + file + ": " + target,
                target.luns().contains(new Tgtadm.Lun(1, "disk", file.toString())));
        assertEquals(8 * MIB, qemuSize(v.path()));
        assertEquals(List.of(v), session.volumes(pool));
    }

    @Test
    public void growingIsSeenOverIscsiUnderTheSamePathWithTheDataKept() throws Exception {
        VolumeInfo v = session.createVolume(pool, "grow", 4 * MIB, "raw");
        qemuIo(v.path(), "write -P 0x5a 0 64k");
        VolumeInfo grown = session.resizeVolume(pool, "grow", 12 * MIB);
        assertEquals(v.path(), grown.path());
        assertEquals(12 * MIB, grown.capacityBytes());
        assertEquals(12 * MIB, qemuSize(v.path()));
        qemuIo(v.path(), "read -P 0x5a 0 64k");
        assertEquals(grown, session.resizeVolume(pool, "grow", 12 * MIB));
        DriverException shrink = assertThrows(DriverException.class, () -> session.resizeVolume(pool, "grow", 4 * MIB));
        assertEquals(Fault.CONFLICT, shrink.fault());
        assertEquals(12 * MIB, qemuSize(v.path()));
    }

    @Test
    public void aCloneIsANewLunWithTheSourcesDataAndHoles() throws Exception {
        VolumeInfo source = session.createVolume(pool, "golden", 16 * MIB, "raw");
        qemuIo(source.path(), "write -P 0xab 1M 64k");
        VolumeInfo clone = session.cloneVolume(pool, "golden", "golden-copy");
        assertNotEquals(source.path(), clone.path());
        assertEquals(16 * MIB, clone.capacityBytes());
        assertTrue("holes stay holes: " + clone, clone.allocationBytes() < 2 * MIB);
        qemuIo(clone.path(), "read -P 0xab 1M 64k");
        qemuIo(clone.path(), "read -P 0 0 64k");
        // The copy is its own: writing to it leaves the source as it was.
        qemuIo(clone.path(), "write -P 0x11 1M 64k");
        qemuIo(source.path(), "read -P 0xab 1M 64k");
        assertEquals(2, target().luns().size() - 1);
        DriverException taken =
                assertThrows(DriverException.class, () -> session.cloneVolume(pool, "golden", "golden-copy"));
        assertEquals(Fault.CONFLICT, taken.fault());
    }

    @Test
    public void deletingRemovesTheLunAndItsFile() throws Exception {
        VolumeInfo v = session.createVolume(pool, "gone", 2 * MIB, "raw");
        Path file = TGTD.base().dir().resolve(pool).resolve("gone");
        assertTrue(Files.exists(file));
        session.deleteVolume(pool, "gone");
        assertFalse(Files.exists(file));
        assertTrue(
                "only the controller is left: " + target(),
                target().luns().stream().allMatch(l -> l.lun() == 0));
        Result info = run(List.of("qemu-img", "info", v.path()));
        assertNotEquals("qemu-img can no longer open " + v.path(), 0, info.exit());
    }

    @Test
    public void aVolumeAnInitiatorUsesIsNeitherDeletedNorGrownNorCloned() throws Exception {
        VolumeInfo used = session.createVolume(pool, "used", 4 * MIB, "raw");
        session.createVolume(pool, "idle", 4 * MIB, "raw");
        session.snapshotVolume(pool, "used", "earlier");
        // qemu-nbd keeps an iSCSI session open on the LUN, as a running VM does.
        Path socket = folder.getRoot().toPath().resolve("nbd.sock");
        Process nbd = new ProcessBuilder("qemu-nbd", "-f", "raw", "-k", socket.toString(), used.path())
                .redirectErrorStream(true)
                .redirectOutput(folder.newFile("nbd.log"))
                .start();
        started.add(nbd);
        Tgtadm tgtadm = TGTD.tgtadm();
        int tid = target().tid();
        await("qemu-nbd uses LUN 1", () -> tgtadm.lunsInUse(tid).contains(1));

        DriverException delete = assertThrows(DriverException.class, () -> session.deleteVolume(pool, "used"));
        assertEquals(Fault.CONFLICT, delete.fault());
        assertTrue(delete.getMessage(), delete.getMessage().contains("in use"));
        DriverException grow = assertThrows(DriverException.class, () -> session.resizeVolume(pool, "used", 8 * MIB));
        assertEquals(Fault.CONFLICT, grow.fault());
        DriverException clone =
                assertThrows(DriverException.class, () -> session.cloneVolume(pool, "used", "used-copy"));
        assertEquals(Fault.CONFLICT, clone.fault());
        assertFalse(Files.exists(TGTD.base().dir().resolve(pool).resolve("used-copy")));
        // Nor snapshotted (the copy would mix old and new blocks) nor reverted (the initiator's writes would mix in).
        expect(Fault.CONFLICT, () -> session.snapshotVolume(pool, "used", "now"));
        expect(Fault.CONFLICT, () -> session.revertVolume(pool, "used", "earlier"));
        assertEquals(List.of("earlier"), snapshotFiles("used"));
        assertEquals(4 * MIB, qemuSizeOfFile(TGTD.base().dir().resolve(pool).resolve("used")));
        // Another LUN of the same target, which nobody opened, goes.
        session.deleteVolume(pool, "idle");

        nbd.destroy();
        assertTrue(nbd.waitFor(10, TimeUnit.SECONDS));
        await("the session ends", () -> !tgtadm.lunsInUse(tid).contains(1));
        session.deleteVolume(pool, "used");
    }

    @Test
    public void snapshotsAreCopiesOfTheBackingFileThatRevertWhatTheLunServes() throws Exception {
        VolumeInfo v = session.createVolume(pool, "snapme", 4 * MIB, "raw");
        qemuIo(v.path(), "write -P 0x11 0 64k");
        session.snapshotVolume(pool, "snapme", "before");
        qemuIo(v.path(), "write -P 0x22 0 64k");
        session.resizeVolume(pool, "snapme", 8 * MIB);
        session.snapshotVolume(pool, "snapme", "after");
        assertEquals(List.of("after", "before"), snapshotFiles("snapme"));
        assertEquals(
                List.of("before", "after"),
                session.volumeSnapshots(pool, "snapme").stream()
                        .map(x -> x.name())
                        .toList());
        Path backing = TGTD.base().dir().resolve(pool).resolve("snapme");

        session.revertVolume(pool, "snapme", "before");
        // The same LUN, backed by the same path, serves the old data and the old size.
        Tgtadm.Lun lun =
                target().luns().stream().filter(l -> l.lun() == 1).findFirst().orElseThrow();
        assertEquals(backing.toString(), lun.backingPath());
        qemuIo(v.path(), "read -P 0x11 0 64k");
        assertEquals(4 * MIB, qemuSize(v.path()));
        session.revertVolume(pool, "snapme", "after");
        qemuIo(v.path(), "read -P 0x22 0 64k");
        assertEquals(8 * MIB, qemuSize(v.path()));
        assertFalse("no temporary copy is left", Files.exists(backing.resolveSibling(".strata-revert-snapme")));

        session.deleteVolumeSnapshot(pool, "snapme", "before");
        assertEquals(List.of("after"), snapshotFiles("snapme"));
        expect(Fault.UNSUPPORTED, () -> session.snapshotVolume(pool, "snapme", "../escape"));
        expect(Fault.UNSUPPORTED, () -> session.createLinkedVolume(pool, "snapme", "linked"));
        session.deleteVolume(pool, "snapme");
        assertFalse(
                "a deleted volume's snapshots go with it",
                Files.exists(
                        TGTD.base().dir().resolve(pool).resolve(".snapshots").resolve("snapme")));
    }

    /** The copies in the driver's snapshot folder, sorted by name. */
    private List<String> snapshotFiles(String volume) throws IOException {
        Path dir = TGTD.base().dir().resolve(pool).resolve(".snapshots").resolve(volume);
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    public void aPoolComesBackWithTheSameLunsAfterTgtdForgetsIt() throws Exception {
        session.createVolume(pool, "first", 2 * MIB, "raw");
        VolumeInfo kept = session.createVolume(pool, "kept", 3 * MIB, "raw");
        session.deleteVolume(pool, "first");
        qemuIo(kept.path(), "write -P 0x77 0 64k");
        Path conf = TGTD.base().dir().resolve(pool + ".conf");
        assertTrue("the pool's tgt-admin file: " + conf, Files.isRegularFile(conf));

        // What a tgtd restart does: the target is gone from its memory.
        TGTD.tgtadm()
                .run(
                        "forget the target",
                        "--mode",
                        "target",
                        "--op",
                        "delete",
                        "--force",
                        "--tid",
                        Integer.toString(target().tid()));
        expect(Fault.NOT_FOUND, () -> session.volumes(pool));
        Result restore = run(List.of(
                "tgt-admin",
                "-C",
                String.valueOf(TGTD.base().control() == null ? 0 : TGTD.base().control()),
                "-e",
                "-c",
                conf.toString()));
        assertEquals(restore.output(), 0, restore.exit());

        List<VolumeInfo> back = session.volumes(pool);
        assertEquals(List.of("kept"), back.stream().map(VolumeInfo::name).toList());
        assertEquals(
                "the same LUN, so the same disk path", kept.path(), back.get(0).path());
        assertEquals(3 * MIB, qemuSize(kept.path()));
        qemuIo(kept.path(), "read -P 0x77 0 64k");
        assertEquals("the ACL came back too", List.of("ALL"), target().acl());
    }

    @Test
    public void concurrentCreationsGetLunsOfTheirOwn() throws Exception {
        int n = 8;
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<VolumeInfo>> made = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "par" + i;
                made.add(threads.submit(() -> session.createVolume(pool, name, MIB, "raw")));
            }
            // The same name from two threads: exactly one wins.
            Future<VolumeInfo> twin1 = threads.submit(() -> session.createVolume(pool, "twin", MIB, "raw"));
            Future<VolumeInfo> twin2 = threads.submit(() -> session.createVolume(pool, "twin", MIB, "raw"));
            List<String> paths = new ArrayList<>();
            for (var f : made) {
                paths.add(f.get(60, TimeUnit.SECONDS).path());
            }
            assertEquals("distinct LUNs: " + paths, n, paths.stream().distinct().count());
            int won = 0;
            for (var twin : List.of(twin1, twin2)) {
                try {
                    twin.get(60, TimeUnit.SECONDS);
                    won++;
                } catch (ExecutionException e) {
                    assertEquals(Fault.CONFLICT, ((DriverException) e.getCause()).fault());
                }
            }
            assertEquals(1, won);
        } finally {
            threads.shutdownNow();
        }
        assertEquals(n + 1, session.volumes(pool).size());
        assertEquals("tgtadm agrees", n + 1, target().luns().size() - 1);
        for (VolumeInfo v : session.volumes(pool)) {
            assertEquals(MIB, qemuSize(v.path()));
        }
    }

    @Test
    public void theAddressesInitiatorsMayLogIn() throws Exception {
        String closed = TGTD.newPool();
        String only = TGTD.address(closed) + "&initiators=10.9.9.9";
        try (StorageSession s = driver.open(Endpoint.of(only))) {
            VolumeInfo v = s.createVolume(closed, "acl", MIB, "raw");
            assertEquals(List.of("10.9.9.9"), aclOf(closed));
            Result refused = run(List.of("qemu-img", "info", v.path()));
            assertNotEquals("127.0.0.1 may not log in: " + refused.output(), 0, refused.exit());
        }
        // The storage host's address now names this machine too: the next session binds it, and QEMU gets in.
        try (StorageSession s = driver.open(Endpoint.of(only + ",127.0.0.1"))) {
            assertEquals(List.of("10.9.9.9", "127.0.0.1"), aclOf(closed));
            assertEquals(MIB, qemuSize(s.volume(closed, "acl").path()));
        }
        String conf = Files.readString(TGTD.base().dir().resolve(closed + ".conf"));
        assertTrue(conf, conf.contains("initiator-address 127.0.0.1"));
    }

    private static List<String> aclOf(String iqn) {
        return TGTD.tgtadm().targets().stream()
                .filter(t -> t.iqn().equals(iqn))
                .findFirst()
                .orElseThrow()
                .acl();
    }

    @Test
    public void wrongNamesAndFormatsAreRefused() {
        session.createVolume(pool, "one", MIB, null);
        assertEquals("raw", session.volume(pool, "one").format());
        expect(Fault.CONFLICT, () -> session.createVolume(pool, "one", MIB, "raw"));
        expect(Fault.UNSUPPORTED, () -> session.createVolume(pool, "two", MIB, "qcow2"));
        expect(Fault.UNSUPPORTED, () -> session.createVolume(pool, "../two", MIB, "raw"));
        expect(Fault.UNSUPPORTED, () -> session.createVolume(pool, ".hidden", MIB, "raw"));
        expect(Fault.UNSUPPORTED, () -> session.createVolume(pool, "zero", 0, "raw"));
        expect(Fault.NOT_FOUND, () -> session.volume(pool, "../etc"));
        expect(Fault.NOT_FOUND, () -> session.createVolume("iqn.2026-12.org.strata.test:absent", "x", MIB, "raw"));
        assertFalse(Files.exists(TGTD.base().dir().resolve(pool).resolve("two")));
    }

    @Test
    public void anUnknownPoolIsNotFoundAndWithoutPoolsEveryTargetIsOne() {
        String other = "iqn.2026-12.org.strata.test:nosuchtarget";
        expect(Fault.NOT_FOUND, () -> session.volumes(other));
        expect(Fault.NOT_FOUND, () -> session.volumes("not-an-iqn"));
        try (StorageSession all = driver.open(Endpoint.of(TGTD.address()))) {
            assertTrue(all.pools().contains(pool));
            expect(Fault.NOT_FOUND, () -> all.volumes(other));
            assertEquals(all.pools().size(), all.poolInfo().size());
        }
        assertEquals(List.of(pool), session.pools());
        long capacity = session.poolInfo().get(0).capacityBytes();
        assertTrue("the backing folder's file system: " + session.poolInfo(), capacity > 0);
    }

    @Test
    public void badAddressesAreRefusedInWords() {
        IscsiAddress base = TGTD.base();
        String dir = "&dir=" + base.dir();
        for (String bad : List.of(
                "",
                "http://127.0.0.1/",
                "iscsi://",
                "iscsi:///?control=1",
                "iscsi://user:pw@127.0.0.1/",
                "iscsi://127.0.0.1/iqn.2026-12.org.strata:x/1",
                "iscsi://127.0.0.1/?control=abc",
                "iscsi://127.0.0.1/?control=40000",
                "iscsi://127.0.0.1/?dir=relative/path",
                "iscsi://127.0.0.1/?dir=/var/lib/../../etc",
                "iscsi://127.0.0.1/?pool=not-an-iqn",
                "iscsi://127.0.0.1/?pool=iqn.2026-13.org.strata:x",
                "iscsi://127.0.0.1/?initiators=everyone",
                "iscsi://127.0.0.1/?colour=blue")) {
            DriverException e = assertThrows(bad, DriverException.class, () -> driver.open(Endpoint.of(bad)));
            assertEquals(bad + ": " + e.getMessage(), Fault.UNSUPPORTED, e.fault());
            assertFalse(e.getMessage(), e.getMessage().contains("Exception"));
        }
        // The right tgtd, but not the portal it listens on: volume paths would lead nowhere.
        String control = base.control() == null ? "" : "&control=" + base.control();
        String wrongPortal = "iscsi://127.0.0.1:" + (base.portalPort() + 1) + "/?" + control + dir;
        DriverException portal = assertThrows(DriverException.class, () -> driver.open(Endpoint.of(wrongPortal)));
        assertEquals(portal.getMessage(), Fault.UNSUPPORTED, portal.fault());
        assertTrue(portal.getMessage(), portal.getMessage().contains(base.portal()));
        // A folder outside the allowed ones: by default only /var/lib/strata-iscsi.
        DriverException outside = assertThrows(
                DriverException.class,
                () -> new IscsiStorageDriver(Map.of()).open(Endpoint.of(TGTD.address(TGTD.newPool()))));
        assertEquals(outside.getMessage(), Fault.UNSUPPORTED, outside.fault());
        assertTrue(outside.getMessage(), outside.getMessage().contains("dirs.allowed"));
        DriverException etc = assertThrows(
                DriverException.class,
                () -> driver.open(Endpoint.of("iscsi://" + base.portal() + "/?dir=/etc" + control)));
        assertEquals(etc.getMessage(), Fault.UNSUPPORTED, etc.fault());
        // No tgtd behind that control port.
        int none = Integer.valueOf(1).equals(base.control()) ? 2 : 1;
        DriverException gone = assertThrows(
                DriverException.class,
                () -> driver.open(Endpoint.of("iscsi://" + base.portal() + "/?control=" + none + dir)));
        assertEquals(gone.getMessage(), Fault.UNREACHABLE, gone.fault());
    }

    // ---- witnesses

    private Tgtadm.Target target() {
        return TGTD.tgtadm().targets().stream()
                .filter(t -> t.iqn().equals(pool))
                .findFirst()
                .orElseThrow(() -> new AssertionError("tgtadm shows no target " + pool));
    }

    /** The size QEMU's iSCSI initiator reads from the LUN. */
    private static long qemuSize(String url) throws Exception {
        Result r = run(List.of("qemu-img", "info", "--output=json", url));
        assertEquals("qemu-img info " + url + ": " + r.output(), 0, r.exit());
        Matcher m = VIRTUAL_SIZE.matcher(r.output());
        assertTrue(r.output(), m.find());
        return Long.parseLong(m.group(1));
    }

    private static long qemuSizeOfFile(Path file) throws Exception {
        return qemuSize(file.toString());
    }

    /** Runs qemu-io commands on an iSCSI URL; a read with -P fails unless every byte is the pattern. */
    private static void qemuIo(String url, String command) throws Exception {
        Result r = run(List.of("qemu-io", "-f", "raw", "-c", command, url));
        assertEquals("qemu-io -c '" + command + "' " + url + ": " + r.output(), 0, r.exit());
        assertFalse(r.output(), r.output().contains("Pattern verification failed"));
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(String.join(" ", command) + " finished", p.waitFor(60, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out);
    }

    private static void expect(Fault fault, Runnable call) {
        DriverException e = assertThrows(DriverException.class, call::run);
        assertEquals(e.getMessage(), fault, e.fault());
    }

    /** Polls until the condition holds, for at most 10 s. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
