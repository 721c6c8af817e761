package org.strata.driver.libvirt.storage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.libvirt.Connect;
import org.libvirt.StoragePool;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;

/**
 * What a host sees of a SAN target, through a libvirt {@code iscsi-direct} pool on the real libvirtd
 * (STRATA_TEST_LIBVIRT_URI) logged into a real tgtd of its own (tools/test-env/tgt.sh): the LUNs its ACL admits, with
 * the {@code iscsi://} paths the iSCSI driver gives them, and nothing the target refuses to this host's initiator name.
 * Read only: making LUNs is the iSCSI driver's.
 */
public class IscsiDirectRealPeerTest {

    private static final Path SCRIPT = Path.of("../../tools/test-env/tgt.sh");
    private static final String HOST_IQN = "iqn.2026-12.org.strata.test:host-a";

    private final String uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private final String name = "idt-" + UUID.randomUUID().toString().substring(0, 8);
    private Map<String, String> tgt;
    private Connect connect;
    private StoragePool pool;

    @Before
    public void target() throws Exception {
        Assume.assumeTrue(
                "STRATA_TEST_LIBVIRT_URI is not set: no real libvirtd to test against", uri != null && !uri.isBlank());
        tgt = lines(run("bash", SCRIPT.toString(), "start", name));
        String control = tgt.get("STRATA_TEST_ISCSI_CONTROL");
        Path dir = Path.of(tgt.get("STRATA_TEST_ISCSI_DIR"));
        Files.createDirectories(dir);
        // Two targets: one that admits this host's initiator name, one that admits another host only.
        for (int tid = 1; tid <= 2; tid++) {
            Path lun = dir.resolve("lun" + tid + ".img");
            run("truncate", "-s", (32 * tid) + "M", lun.toString());
            tgtadm(control, "--mode", "target", "--op", "new", "--tid", "" + tid, "-T", iqn(tid));
            tgtadm(
                    control,
                    "--mode",
                    "target",
                    "--op",
                    "bind",
                    "--tid",
                    "" + tid,
                    "-Q",
                    tid == 1 ? HOST_IQN : "iqn.2026-12.org.strata.test:host-b");
            tgtadm(
                    control,
                    "--mode",
                    "logicalunit",
                    "--op",
                    "new",
                    "--tid",
                    "" + tid,
                    "--lun",
                    "1",
                    "-b",
                    lun.toString());
        }
        connect = new Connect(uri);
    }

    @After
    public void remove() throws Exception {
        if (pool != null) {
            pool.destroy();
        }
        if (connect != null) {
            connect.close();
        }
        if (tgt != null) {
            run("bash", SCRIPT.toString(), "stop", name);
        }
    }

    @Test
    public void theLunsATargetAdmitsThisHostToAreListedWithTheirNetworkPaths() throws Exception {
        String portal = tgt.get("STRATA_TEST_ISCSI_PORTAL");
        String host = portal.substring(0, portal.lastIndexOf(':'));
        String port = portal.substring(portal.lastIndexOf(':') + 1);
        pool = connect.storagePoolCreateXML(poolXml("seen-" + name, host, port, iqn(1)), 0);

        try (StorageSession session = new LibvirtDirStorageDriver(Map.of()).open(Endpoint.of(uri))) {
            assertTrue(session.pools().toString(), session.pools().contains("seen-" + name));
            List<VolumeInfo> volumes = session.volumes("seen-" + name);
            assertEquals(volumes.toString(), 1, volumes.size());
            VolumeInfo lun = volumes.get(0);
            assertEquals("iscsi://" + portal + "/" + iqn(1) + "/1", lun.path());
            // libvirt 9.0's iscsi-direct reports the last block's address times the block size: one block short.
            long shortBy = (32L << 20) - lun.capacityBytes();
            assertTrue(lun + " is the 32 MiB LUN", shortBy >= 0 && shortBy <= 4096);
            assertEquals(lun, session.volume("seen-" + name, lun.name()));
            DriverException readOnly = assertThrows(
                    DriverException.class, () -> session.createVolume("seen-" + name, "x", 1L << 20, "raw"));
            assertEquals(readOnly.getMessage(), Fault.UNSUPPORTED, readOnly.fault());
        }
        // The target that admits another host's initiator: libvirt cannot log in, so this host sees nothing there.
        assertThrows(
                org.libvirt.LibvirtException.class,
                () -> connect.storagePoolCreateXML(poolXml("unseen-" + name, host, port, iqn(2)), 0));
    }

    private String iqn(int tid) {
        return "iqn.2026-12.org.strata.test:" + name + "-" + tid;
    }

    private static String poolXml(String poolName, String host, String port, String iqn) {
        return "<pool type='iscsi-direct'><name>" + poolName + "</name><source><host name='" + host + "' port='" + port
                + "'/><device path='" + iqn + "'/><initiator><iqn name='" + HOST_IQN
                + "'/></initiator></source></pool>";
    }

    private static void tgtadm(String control, String... args) throws Exception {
        String[] command = new String[args.length + 4];
        command[0] = "tgtadm";
        command[1] = "-C";
        command[2] = control;
        command[3] = "--lld=iscsi";
        System.arraycopy(args, 0, command, 4, args.length);
        run(command);
    }

    private static Map<String, String> lines(String out) {
        Map<String, String> lines = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("STRATA_TEST_") && eq > 0) {
                lines.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return lines;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(String.join(" ", command) + ": " + out, 0, p.waitFor());
        return out;
    }
}
