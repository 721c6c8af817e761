package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.MigrationMonitor;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Live migration of a running VM whose disks are network disks QEMU opens itself, one LUN of a real iSCSI target
 * (tgt) and one qcow2 file on a real NFS server (ganesha), between two real libvirt daemons and back, without
 * {@code VIR_MIGRATE_UNSAFE}. Runs when STRATA_TEST_LIBVIRT_URI and STRATA_TEST_LIBVIRT_PEER_URI name the daemons
 * (tools/test-env/libvirtd.sh and libvirtd-peer.sh).
 *
 * <p>The peer's QEMU lives in a network namespace where 127.0.0.1 is its own loopback, so the storage is addressed
 * by this machine's end of the link to the peer (10.77.0.1), which both QEMUs reach. The servers must serve there:
 * the test uses the ones the launcher started when their lines name that address (STRATA_TEST_ISCSI_PORTALS,
 * STRATA_TEST_NFS_URLS), and otherwise starts them through tools/test-env/tgt.sh and nfs.sh with
 * STRATA_TEST_STORAGE_ADDRESSES and stops them after. Witnesses: virsh on both daemons, tgtadm, and QEMU's own
 * initiators ({@code qemu-io} on this machine) reading what the guest's QEMU wrote on the other side.
 */
public class KvmSharedStorageMigrationEndToEndTest {

    private static final Path TEST_ENV = Path.of("../../tools/test-env");
    private static final long DISK_BYTES = 64L << 20;

    private final String uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private final String peerUri = System.getenv("STRATA_TEST_LIBVIRT_PEER_URI");
    private final String name = "strata-shmig-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Runnable> cleanUps = new ArrayList<>();
    private EventLoop eventLoop;
    private HypervisorSession source;
    private HypervisorSession peer;
    private String vmId;

    @Before
    public void connect() {
        Assume.assumeTrue(
                "set STRATA_TEST_LIBVIRT_URI and STRATA_TEST_LIBVIRT_PEER_URI to run against two libvirt daemons",
                uri != null && !uri.isBlank() && peerUri != null && !peerUri.isBlank());
        eventLoop = new EventLoop();
        KvmDriver driver = new KvmDriver(eventLoop);
        source = driver.open(Endpoint.of(uri));
        peer = driver.open(Endpoint.of(peerUri));
    }

    @After
    public void cleanUp() {
        List<Throwable> failures = new ArrayList<>();
        // VMs first (they hold the LUN and the file open), then the storage, then the servers: the reverse order
        Runnable vms = () -> {
            for (String daemon : new String[] {uri, peerUri}) {
                if (vmId != null && daemon != null) {
                    run(List.of("virsh", "-c", daemon, "destroy", vmId));
                    run(List.of("virsh", "-c", daemon, "undefine", vmId));
                }
            }
        };
        cleanUps.add(vms);
        for (int i = cleanUps.size() - 1; i >= 0; i--) {
            try {
                cleanUps.get(i).run();
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {source, peer, eventLoop}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("clean-up failed: " + failures);
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @Test
    public void migratesARunningVmWithIscsiAndNfsDisksToThePeerAndBackWithoutUnsafe() throws Exception {
        String shared = addressTowards(URI.create(peerUri).getHost());
        Iscsi iscsi = Iscsi.at(shared, cleanUps);
        String lun = iscsi.newLun(name);
        Nfs nfs = Nfs.at(shared, cleanUps);
        String file = nfs.newQcow2(name);

        VmSpec spec =
                VmSpec.of(name, 1, 64).withDisks(List.of(DiskSpec.disk(lun, "raw"), DiskSpec.disk(file, "qcow2")));
        vmId = source.define(spec).id();
        source.start(vmId);
        assertEquals("running", virsh(uri, "domstate", vmId).strip());

        Recording there = new Recording();
        VmInfo moved = source.migrate(vmId, Endpoint.of(peerUri), there);
        assertEquals("a migrated VM keeps its id", vmId, moved.id());
        assertEquals(VmInfo.PowerState.RUNNING, moved.state());
        assertEquals(100, (int) there.percents.get(there.percents.size() - 1));
        assertRunsOnlyOn(peerUri, uri, lun, file);

        // The peer's QEMU really has both disks open for writing: what it writes, this machine's initiators read.
        Map<String, String> aliases = aliasesBySource(virsh(peerUri, "dumpxml", vmId));
        guestWrite(peerUri, aliases.get(lun), 0x5a, 0);
        guestWrite(peerUri, aliases.get(file), 0x5a, 0);
        assertPattern(lun, 0x5a, 0);
        assertPattern(file, 0x5a, 0);

        Recording back = new Recording();
        VmInfo returned = peer.migrate(vmId, Endpoint.of(uri), back);
        assertEquals(VmInfo.PowerState.RUNNING, returned.state());
        assertEquals(VmInfo.PowerState.RUNNING, source.vm(vmId).state());
        KvmDriverTest.assertFault(Fault.NOT_FOUND, () -> peer.vm(vmId));
        assertRunsOnlyOn(uri, peerUri, lun, file);

        aliases = aliasesBySource(virsh(uri, "dumpxml", vmId));
        guestWrite(uri, aliases.get(lun), 0xa5, 65536);
        guestWrite(uri, aliases.get(file), 0xa5, 65536);
        for (String disk : List.of(lun, file)) {
            assertPattern(disk, 0x5a, 0);
            assertPattern(disk, 0xa5, 65536);
        }
    }

    /**
     * The same LUN named by its 127.0.0.1 portal: the peer's QEMU, in a namespace of its own, finds no target on its
     * own loopback. The migration fails before the switch-over, and the VM runs on where it was.
     */
    @Test
    public void aVmWhoseDiskThePeerCannotReachStaysRunningOnTheSource() throws Exception {
        String shared = addressTowards(URI.create(peerUri).getHost());
        String lun = Iscsi.at(shared, cleanUps).newLun(name);
        String local = lun.replace("iscsi://" + shared + ":", "iscsi://127.0.0.1:");
        vmId = source.define(VmSpec.of(name, 1, 64).withDisks(List.of(DiskSpec.disk(local, "raw"))))
                .id();
        source.start(vmId);

        DriverException e =
                assertThrows(DriverException.class, () -> source.migrate(vmId, Endpoint.of(peerUri), new Recording()));
        assertEquals("the hosts are fine, the storage is not: " + e.getMessage(), Fault.DRIVER_FAILURE, e.fault());
        assertTrue(
                "says what QEMU could not open: " + e.getMessage(),
                e.getMessage().contains("iSCSI"));
        assertEquals("running", virsh(uri, "domstate", vmId).strip());
        assertEquals(VmInfo.PowerState.RUNNING, source.vm(vmId).state());
        Result there = run(List.of("virsh", "-c", peerUri, "domstate", vmId));
        assertTrue("nothing left on the peer: " + there.out, there.code != 0);
    }

    /** Running on {@code on} with the same network disk sources, and neither running nor defined on {@code off}. */
    private void assertRunsOnlyOn(String on, String off, String... sources) throws Exception {
        assertEquals("running on " + on, "running", virsh(on, "domstate", vmId).strip());
        assertEquals("persistent on " + on, "yes", field(virsh(on, "dominfo", vmId), "Persistent"));
        Map<String, String> disks = aliasesBySource(virsh(on, "dumpxml", vmId));
        for (String s : sources) {
            assertTrue("dumpxml on " + on + " opens " + s + ": " + disks.keySet(), disks.containsKey(s));
        }
        Result gone = run(List.of("virsh", "-c", off, "domstate", vmId));
        assertTrue("gone from " + off + ": " + gone.out, gone.code != 0 && gone.out.contains("failed to get domain"));
    }

    /** A network disk's URL (as NetworkDisk names it) for each {@code <disk type='network'>}, with its alias. */
    private static Map<String, String> aliasesBySource(String xml) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Map<String, String> result = new HashMap<>();
        NodeList disks = doc.getElementsByTagName("disk");
        for (int i = 0; i < disks.getLength(); i++) {
            Element disk = (Element) disks.item(i);
            if (!"network".equals(disk.getAttribute("type"))) {
                continue;
            }
            Element src = (Element) disk.getElementsByTagName("source").item(0);
            Element host = (Element) src.getElementsByTagName("host").item(0);
            String n = src.getAttribute("name");
            String port = host.getAttribute("port");
            String url = src.getAttribute("protocol") + "://" + host.getAttribute("name")
                    + (port.isEmpty() ? "" : ":" + port) + (n.startsWith("/") ? "" : "/") + n;
            Element alias = (Element) disk.getElementsByTagName("alias").item(0);
            result.put(url, alias == null ? null : alias.getAttribute("name"));
        }
        return result;
    }

    /** Writes 64 KiB of {@code pattern} at {@code offset} through the block layer of the VM's own QEMU. */
    private void guestWrite(String daemon, String alias, int pattern, long offset) {
        assertNotNull("the disk has a device alias", alias);
        String device = "qemu-io -d /machine/peripheral/" + alias + "/virtio-backend ";
        // the flush writes out qcow2's cached metadata too (the new cluster's mapping), as a guest's flush would
        for (String io : List.of("write -P 0x" + Integer.toHexString(pattern) + " " + offset + " 64k", "flush")) {
            String out = virsh(daemon, "qemu-monitor-command", "--hmp", vmId, device + "\"" + io + "\"");
            // HMP reports its errors as output; qemu-io's write and flush say nothing when they succeed
            assertTrue("QEMU on " + daemon + ": " + io + " on " + alias + ": " + out, out.isBlank());
        }
    }

    /** QEMU's initiator on this machine reads the pattern back from the target or the NAS (share: the VM has it). */
    private static void assertPattern(String url, int pattern, long offset) {
        Result r = run(List.of(
                "qemu-io", "-r", "-U", "-c", "read -P 0x" + Integer.toHexString(pattern) + " " + offset + " 64k", url));
        assertTrue(
                url + " holds 0x" + Integer.toHexString(pattern) + " at " + offset + ": " + r.out,
                r.code == 0 && r.out.contains("read 65536/65536") && !r.out.contains("verification failed"));
    }

    /** This machine's address on the link to HOST, found by routing (a UDP connect sends nothing). */
    private static String addressTowards(String host) throws IOException {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(host, 9));
            return probe.getLocalAddress().getHostAddress();
        }
    }

    private static String field(String virshOutput, String key) {
        for (String line : virshOutput.split("\n")) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).strip();
            }
        }
        return null;
    }

    private static String virsh(String daemon, String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", daemon));
        command.addAll(Arrays.asList(args));
        Result r = run(command);
        assertEquals(String.join(" ", command) + ": " + r.out, 0, r.code);
        return r.out;
    }

    private record Result(int code, String out) {}

    private static Result run(List<String> command) {
        return run(command, Map.of());
    }

    private static Result run(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within 120 s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError(command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(command + " interrupted", e);
        }
    }

    /** KEY=VALUE lines of a tools/test-env script, which must succeed. */
    private static Map<String, String> script(String script, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(TEST_ENV.resolve(script).toString()));
        command.addAll(Arrays.asList(args));
        Result r = run(command, env);
        assertEquals(command + " (needs root): " + r.out, 0, r.code);
        return lines(r.out);
    }

    private static Map<String, String> lines(String out) {
        Map<String, String> result = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("STRATA_TEST_") && eq > 0) {
                result.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return result;
    }

    private static Map<String, String> storageEnv(String shared) {
        return Map.of("STRATA_TEST_STORAGE_ADDRESSES", "127.0.0.1," + shared);
    }

    /** The target: the launcher's when it has a portal on the shared address, else a tgtd of this test's own. */
    private record Iscsi(String portal, String control, Path dir, String initiators, List<Runnable> cleanUps) {

        static Iscsi at(String shared, List<Runnable> cleanUps) {
            // all four lines from one instance: the launcher's, or else a private one (which never meets another
            // test's targets, and whose stop removes everything)
            Map<String, String> lines = System.getenv();
            if (portal(lines, shared) == null) {
                lines = script("tgt.sh", storageEnv(shared), "start", "kvm-shmig");
                cleanUps.add(() -> script("tgt.sh", Map.of(), "stop", "kvm-shmig"));
            }
            String portal = portal(lines, shared);
            assertNotNull("tgt.sh serves on " + shared + ": " + lines, portal);
            return new Iscsi(
                    portal,
                    lines.get("STRATA_TEST_ISCSI_CONTROL"),
                    Path.of(lines.get("STRATA_TEST_ISCSI_DIR")),
                    lines.get("STRATA_TEST_ISCSI_INITIATORS"),
                    cleanUps);
        }

        private static String portal(Map<String, String> lines, String shared) {
            String portals = lines.get("STRATA_TEST_ISCSI_PORTALS");
            if (portals == null
                    || lines.get("STRATA_TEST_ISCSI_CONTROL") == null
                    || lines.get("STRATA_TEST_ISCSI_DIR") == null
                    || lines.get("STRATA_TEST_ISCSI_INITIATORS") == null) {
                return null;
            }
            return List.of(portals.split(",")).stream()
                    .filter(p -> p.startsWith(shared + ":"))
                    .findFirst()
                    .orElse(null);
        }

        /** A new target with one 64 MiB LUN (a sparse file) open to the portals' clients; its URL. */
        String newLun(String name) throws IOException {
            String iqn = "iqn.2026-12.org.strata.test:" + name;
            Path backing = dir.resolve(name + ".img");
            try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
                f.setLength(DISK_BYTES);
            }
            cleanUps.add(() -> {
                try {
                    Files.deleteIfExists(backing);
                } catch (IOException e) {
                    throw new AssertionError("could not remove " + backing, e);
                }
            });
            int tid = 1;
            for (String line : tgtadm("--mode", "target", "--op", "show").split("\n")) {
                if (line.startsWith("Target ")) {
                    tid = Math.max(tid, Integer.parseInt(line.substring(7, line.indexOf(':'))) + 1);
                }
            }
            String t = Integer.toString(tid);
            tgtadm("--mode", "target", "--op", "new", "--tid", t, "-T", iqn);
            cleanUps.add(() -> {
                tgtadm("--mode", "target", "--op", "delete", "--force", "--tid", t);
                assertTrue(
                        "tgtadm no longer lists " + iqn,
                        !tgtadm("--mode", "target", "--op", "show").contains(iqn));
            });
            tgtadm("--mode", "logicalunit", "--op", "new", "--tid", t, "--lun", "1", "-b", backing.toString());
            for (String initiator : initiators.split(",")) {
                tgtadm("--mode", "target", "--op", "bind", "--tid", t, "-I", initiator);
            }
            return "iscsi://" + portal + "/" + iqn + "/1";
        }

        private String tgtadm(String... args) {
            List<String> command = new ArrayList<>(List.of("tgtadm", "-C", control, "--lld", "iscsi"));
            command.addAll(Arrays.asList(args));
            Result r = run(command);
            assertEquals(command + ": " + r.out, 0, r.code);
            return r.out;
        }
    }

    /**
     * The NFS server: the launcher's when its lines name the shared address, else the one nfs.sh runs (started here,
     * and stopped after, when none answers). There is one ganesha per machine: one started without the shared
     * address makes nfs.sh fail with what to do.
     */
    private record Nfs(String url, Path exportDir, List<Runnable> cleanUps) {

        static Nfs at(String shared, List<Runnable> cleanUps) {
            Map<String, String> lines = System.getenv();
            if (url(lines, shared) == null) {
                Result status = run(List.of(TEST_ENV.resolve("nfs.sh").toString(), "status"));
                if (status.code != 0) {
                    cleanUps.add(() -> script("nfs.sh", Map.of(), "stop"));
                }
                lines = script("nfs.sh", storageEnv(shared), "start");
            }
            String url = url(lines, shared);
            assertNotNull("the NFS server serves on " + shared + ": " + lines, url);
            return new Nfs(url, Path.of(lines.get("STRATA_TEST_NFS_EXPORT_DIR")), cleanUps);
        }

        private static String url(Map<String, String> lines, String shared) {
            String urls = lines.get("STRATA_TEST_NFS_URLS");
            if (urls == null || lines.get("STRATA_TEST_NFS_EXPORT_DIR") == null) {
                return null;
            }
            return List.of(urls.split(",")).stream()
                    .filter(u -> u.startsWith("nfs://" + shared + "/"))
                    .findFirst()
                    .orElse(null);
        }

        /** A new 64 MiB qcow2 file made over NFS by QEMU's own client; its URL. */
        String newQcow2(String name) {
            String file = url + "/" + name + ".qcow2";
            Path local = exportDir.resolve(name + ".qcow2");
            cleanUps.add(() -> {
                try {
                    Files.deleteIfExists(local);
                } catch (IOException e) {
                    throw new AssertionError("could not remove " + local, e);
                }
            });
            Result r = run(List.of("qemu-img", "create", "-q", "-f", "qcow2", file, Long.toString(DISK_BYTES)));
            assertEquals("qemu-img create " + file + ": " + r.out, 0, r.code);
            assertTrue("the file is in the export", Files.isRegularFile(local));
            return file;
        }
    }

    /** The platform's side, recorded. */
    private static final class Recording implements MigrationMonitor {
        final List<Integer> percents = new CopyOnWriteArrayList<>();

        @Override
        public void progress(int percent, String message) {
            percents.add(percent);
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    }
}
