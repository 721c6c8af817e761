package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The SAN and NAS storage drivers on the distribution, through REST as an integrator uses them: a storage host on a
 * real iSCSI target (tgtd) and one on a real NFS export (nfs-ganesha), both started by {@code ./strata test}
 * (tools/test-env/tgt.sh and nfs.sh); a volume created, listed, grown and deleted on each, and a VM on this
 * machine's KVM host that runs with both as its disks, network disks its QEMU opens itself. QEMU's own iSCSI and NFS
 * clients ({@code qemu-img info} on the volume's path) and {@code virsh dumpxml} are the independent witnesses.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageDriversIT extends StrataTestSupport {

    private static final String ISCSI = System.getenv("STRATA_TEST_ISCSI_ADDRESS");
    private static final String NFS = System.getenv("STRATA_TEST_NFS_URL");
    private static final String NFS_DIR = System.getenv("STRATA_TEST_NFS_EXPORT_DIR");
    private static final String LOCAL = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private static final long MIB = 1L << 20;

    /** The test target keeps its LUNs' files in a temporary folder: the iSCSI driver is allowed that folder. */
    @Override
    @org.ops4j.pax.exam.Configuration
    public org.ops4j.pax.exam.Option[] config() throws Exception {
        List<org.ops4j.pax.exam.Option> options = new ArrayList<>(List.of(super.config()));
        String dir = System.getenv("STRATA_TEST_ISCSI_DIR");
        options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut(
                "etc/org.strata.driver.iscsi.cfg", "dirs.allowed", dir == null ? "/var/lib/strata-iscsi" : dir));
        return options.toArray(new org.ops4j.pax.exam.Option[0]);
    }

    @Before
    public void peers() throws Exception {
        for (String[] peer : new String[][] {
            {"STRATA_TEST_ISCSI_ADDRESS", ISCSI},
            {"STRATA_TEST_NFS_URL", NFS},
            {"STRATA_TEST_NFS_EXPORT_DIR", NFS_DIR},
            {"STRATA_TEST_LIBVIRT_URI", LOCAL}
        }) {
            assertTrue(
                    peer[0] + " is set (./strata test starts the servers; by hand, as root: tools/test-env/tgt.sh"
                            + " start, tools/test-env/nfs.sh start, tools/test-env/libvirtd.sh start)",
                    peer[1] != null && !peer[1].isBlank());
        }
        awaitPlatformReady();
        await("the iSCSI, NFS and KVM drivers are listed by REST", () -> {
            String drivers = get("/api/v1/drivers").body();
            return drivers.contains("\"iscsi\"") && drivers.contains("\"nfs\"") && drivers.contains("\"kvm\"");
        });
    }

    @Test
    public void volumesOnAnIscsiTargetAndAnNfsExportServeAsDisksOfARunningVm() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String dc = id(post("/api/v1/datacenters", "{\"name\":\"dc-storage-" + tag + "\"}"));
        // The iSCSI address names its pool (a target, by IQN); the NFS address a directory whose sub-directories are
        // the pools.
        String iqn = ISCSI.replaceAll(".*[?&]pool=([^&]+).*", "$1");
        Path nfsBackend = Path.of(NFS_DIR, "it-" + tag);
        Files.createDirectories(nfsBackend.resolve("pool1"));
        List<String> cleanup = new ArrayList<>();
        try {
            String san = storageHost(dc, "iscsi-" + tag, "iscsi", ISCSI, cleanup);
            String nas = storageHost(dc, "nfs-" + tag, "nfs", NFS + "/it-" + tag, cleanup);
            String sanVolumes = "/api/v1/hosts/" + san + "/storage-pools/" + iqn + "/volumes";
            String nasVolumes = "/api/v1/hosts/" + nas + "/storage-pools/pool1/volumes";
            String root = volume(sanVolumes, "root", "raw", "iscsi");
            String data = volume(nasVolumes, "data.qcow2", "qcow2", "nfs");

            // A VM on this machine's KVM host with both as disks: its QEMU opens them over the network and runs.
            String kvm = id(post(
                    "/api/v1/hosts",
                    "{\"name\":\"kvm-" + tag + "\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"kvm\",\"address\":\""
                            + LOCAL + "\"}"));
            cleanup.add(0, "/api/v1/hosts/" + kvm);
            await(
                    "the KVM host is available",
                    () -> "AVAILABLE"
                            .equals(parse(get("/api/v1/hosts/" + kvm))
                                    .path("state")
                                    .asText()));
            String name = "san-nas-" + tag;
            String vm = succeeded(post(
                            "/api/v1/vms?wait=60",
                            "{\"hostId\":\"" + kvm + "\",\"spec\":{\"name\":\"" + name
                                    + "\",\"cpus\":1,\"memoryMb\":64,"
                                    + "\"disks\":[{\"source\":\"" + root + "\",\"format\":\"raw\"},"
                                    + "{\"source\":\"" + data + "\",\"format\":\"qcow2\"}]}}"))
                    .path("result")
                    .asText();
            try {
                JsonNode disks = parse(get("/api/v1/vms/" + vm)).path("spec").path("disks");
                assertEquals(disks.toString(), root, disks.get(0).path("source").asText());
                assertEquals(disks.toString(), data, disks.get(1).path("source").asText());
                succeeded(post("/api/v1/vms/" + vm + "/actions/start?wait=60", ""));
                assertEquals(
                        "running",
                        program(List.of("virsh", "-q", "-c", LOCAL, "domstate", name), Map.of())
                                .trim());
                String xml = program(List.of("virsh", "-q", "-c", LOCAL, "dumpxml", name), Map.of());
                assertTrue(xml, xml.contains("protocol='iscsi'") && xml.contains("protocol='nfs'"));
                // A running guest's disk is not snapshotted behind its back: that is a VM snapshot.
                java.net.http.HttpResponse<String> busy =
                        post(nasVolumes + "/data.qcow2/snapshots", "{\"name\":\"while-running\"}");
                assertEquals(busy.body(), 409, busy.statusCode());
                assertTrue(busy.body(), busy.body().contains(name));
                succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff?wait=60", ""));
            } finally {
                succeeded(delete("/api/v1/vms/" + vm + "?wait=60"));
            }

            succeeded(delete(sanVolumes + "/root?wait=60"));
            succeeded(delete(nasVolumes + "/data.qcow2?wait=60"));
            assertEquals(404, get(sanVolumes + "/root").statusCode());
            assertEquals(404, get(nasVolumes + "/data.qcow2").statusCode());
        } finally {
            for (String path : cleanup) {
                delete(path);
            }
            execute(List.of("rm", "-rf", nfsBackend.toString()), Map.of());
        }
        assertEquals(204, delete("/api/v1/datacenters/" + dc).statusCode());
    }

    /**
     * A LUN exported with CHAP: the storage host's address names the CHAP user, its password (stored encrypted) is the
     * secret. Strata hands it to the KVM host when it defines the VM (a libvirt secret, private), so QEMU logs in and
     * the VM runs; the password appears in no answer of Strata's and in no domain XML. A target of its own, made with
     * tgtadm for this test, so that the other tests' target stays without CHAP.
     */
    @Test
    public void aLunExportedWithChapServesAVmWhoseHostGetsTheSecretFromStrata() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String control = ISCSI.replaceAll(".*[?&]control=([0-9]+).*", "$1");
        String iqn = "iqn.2026-12.org.strata.test:chap-" + tag;
        String tid = String.valueOf(200 + (int) (Math.random() * 700));
        String password = "chap-" + tag + "-Secret";
        program(
                List.of(
                        "tgtadm",
                        "-C",
                        control,
                        "--lld",
                        "iscsi",
                        "--mode",
                        "target",
                        "--op",
                        "new",
                        "--tid",
                        tid,
                        "--targetname",
                        iqn),
                Map.of());
        program(
                List.of(
                        "tgtadm", "-C", control, "--lld", "iscsi", "--mode", "target", "--op", "bind", "--tid", tid,
                        "-I", "ALL"),
                Map.of());
        String dc = id(post("/api/v1/datacenters", "{\"name\":\"dc-chap-" + tag + "\"}"));
        List<String> cleanup = new ArrayList<>();
        String vm = null;
        try {
            String address = ISCSI.replaceAll("pool=[^&]+", "pool=" + iqn) + "&chap=strata";
            String san = id(post(
                    "/api/v1/hosts",
                    "{\"name\":\"iscsi-chap-" + tag + "\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"iscsi\","
                            + "\"address\":\"" + address + "\",\"kind\":\"STORAGE\",\"username\":\"strata\","
                            + "\"password\":\"" + password + "\"}"));
            cleanup.add(0, "/api/v1/hosts/" + san);
            String volumes = "/api/v1/hosts/" + san + "/storage-pools/" + iqn + "/volumes";
            String lun = succeeded(post(volumes, "{\"name\":\"root\",\"capacityMb\":64,\"format\":\"raw\"}"))
                    .path("result")
                    .asText();
            assertTrue(lun, lun.startsWith("iscsi://strata@127.0.0.1"));
            String kvm = id(post(
                    "/api/v1/hosts",
                    "{\"name\":\"kvm-chap-" + tag + "\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"kvm\","
                            + "\"address\":\"" + LOCAL + "\"}"));
            cleanup.add(0, "/api/v1/hosts/" + kvm);
            await(
                    "the KVM host is available",
                    () -> "AVAILABLE"
                            .equals(parse(get("/api/v1/hosts/" + kvm))
                                    .path("state")
                                    .asText()));
            String name = "chap-" + tag;
            vm = succeeded(post(
                            "/api/v1/vms",
                            "{\"hostId\":\"" + kvm + "\",\"spec\":{\"name\":\"" + name
                                    + "\",\"cpus\":1,\"memoryMb\":64,\"disks\":[{\"source\":\"" + lun
                                    + "\",\"format\":\"raw\"}]}}"))
                    .path("result")
                    .asText();
            succeeded(post("/api/v1/vms/" + vm + "/actions/start", ""));
            assertEquals(
                    "QEMU logged in with the secret Strata gave",
                    "running",
                    program(List.of("virsh", "-q", "-c", LOCAL, "domstate", name), Map.of())
                            .trim());
            String xml = program(List.of("virsh", "-q", "-c", LOCAL, "dumpxml", name), Map.of());
            assertTrue(xml, xml.contains("<auth username='strata'>"));
            assertFalse("the password is in no domain XML", xml.contains(password));
            assertFalse(get("/api/v1/vms/" + vm).body().contains(password));
            assertFalse(get("/api/v1/hosts/" + san).body().contains(password));
            succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff", ""));
            succeeded(delete("/api/v1/vms/" + vm));
            vm = null;
            succeeded(delete(volumes + "/root"));
        } finally {
            if (vm != null) {
                delete("/api/v1/vms/" + vm);
            }
            for (String path : cleanup) {
                delete(path);
            }
            execute(
                    List.of(
                            "tgtadm", "-C", control, "--lld", "iscsi", "--mode", "target", "--op", "delete", "--force",
                            "--tid", tid),
                    Map.of());
            execute(
                    List.of(
                            "tgtadm", "-C", control, "--lld", "iscsi", "--mode", "account", "--op", "delete", "--user",
                            "strata"),
                    Map.of());
            execute(
                    List.of(
                            "rm",
                            "-rf",
                            Path.of(System.getenv("STRATA_TEST_ISCSI_DIR"), iqn).toString(),
                            Path.of(System.getenv("STRATA_TEST_ISCSI_DIR"), iqn + ".conf")
                                    .toString()),
                    Map.of());
        }
        assertEquals(204, delete("/api/v1/datacenters/" + dc).statusCode());
    }

    /**
     * Both drivers are bundles that stop and start while the platform runs: their storage hosts say so meanwhile
     * (503, DRIVER_UNAVAILABLE, at once rather than as a task) and serve their volumes again afterwards, with nothing
     * lost from the repository.
     */
    @Test
    public void theIscsiAndNfsDriversHotSwapWithoutLosingTheirHosts() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String dc = id(post("/api/v1/datacenters", "{\"name\":\"dc-swap-" + tag + "\"}"));
        String iqn = ISCSI.replaceAll(".*[?&]pool=([^&]+).*", "$1");
        Path nfsBackend = Path.of(NFS_DIR, "swap-" + tag);
        Files.createDirectories(nfsBackend.resolve("pool1"));
        List<String> cleanup = new ArrayList<>();
        try {
            String san = storageHost(dc, "iscsi-swap-" + tag, "iscsi", ISCSI, cleanup);
            String nas = storageHost(dc, "nfs-swap-" + tag, "nfs", NFS + "/swap-" + tag, cleanup);
            String[][] hosts = {
                {"org.strata.driver.iscsi", "/api/v1/hosts/" + san + "/storage-pools/" + iqn, "iscsi"},
                {"org.strata.driver.nfs", "/api/v1/hosts/" + nas + "/storage-pools/pool1", "nfs"}
            };
            for (String[] h : hosts) {
                assertEquals(200, get(h[1]).statusCode());
                org.osgi.framework.Bundle driver = bundle(h[0]);
                driver.stop();
                try {
                    await(
                            "the " + h[2] + " driver is gone from /drivers",
                            () -> !get("/api/v1/drivers").body().contains("\"" + h[2] + "\""));
                    java.net.http.HttpResponse<String> gone = get(h[1] + "/volumes");
                    assertEquals(gone.body(), 503, gone.statusCode());
                    assertEquals("DRIVER_UNAVAILABLE", parse(gone).path("code").asText());
                } finally {
                    driver.start();
                }
                await(
                        "the " + h[2] + " host serves its pool again",
                        () -> get(h[1]).statusCode() == 200);
            }
        } finally {
            for (String path : cleanup) {
                delete(path);
            }
            execute(List.of("rm", "-rf", nfsBackend.toString()), Map.of());
        }
        assertEquals(204, delete("/api/v1/datacenters/" + dc).statusCode());
    }

    private String storageHost(String dc, String name, String driver, String address, List<String> cleanup)
            throws Exception {
        String host = id(post(
                "/api/v1/hosts",
                "{\"name\":\"" + name + "\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"" + driver
                        + "\",\"address\":\"" + address + "\",\"kind\":\"STORAGE\"}"));
        cleanup.add(0, "/api/v1/hosts/" + host);
        return host;
    }

    /** A volume of 64 MiB made, read and grown to 128 MiB, with QEMU's client as the witness; its path. */
    private String volume(String volumes, String name, String format, String scheme) throws Exception {
        String path = succeeded(post(
                        volumes + "?wait=60",
                        "{\"name\":\"" + name + "\",\"capacityMb\":64,\"format\":\"" + format + "\"}"))
                .path("result")
                .asText();
        assertTrue(path, path.startsWith(scheme + "://127.0.0.1"));
        assertTrue(get(volumes).body().contains("\"" + name + "\""));
        assertEquals(
                64 * MIB, parse(get(volumes + "/" + name)).path("capacityBytes").asLong());
        assertEquals(64 * MIB, virtualSize(path));
        succeeded(put(volumes + "/" + name + "/size?wait=60", "{\"capacityMb\":128}"));
        assertEquals("QEMU sees the grown volume under the same path", 128 * MIB, virtualSize(path));
        // Snapshots of the volume, kept by its backend: taken, listed, reverted to, deleted.
        String snapshots = volumes + "/" + name + "/snapshots";
        assertEquals(
                "s1",
                succeeded(post(snapshots, "{\"name\":\"s1\"}")).path("result").asText());
        JsonNode listed = parse(get(snapshots));
        assertEquals(listed.toString(), 1, listed.size());
        assertEquals("s1", listed.get(0).path("name").asText());
        assertEquals(409, post(snapshots, "{\"name\":\"s1\"}").statusCode());
        if (format.equals("qcow2")) {
            String info = program(List.of("qemu-img", "info", "--output=json", path), Map.of());
            assertTrue("QEMU sees the internal snapshot: " + info, info.contains("\"name\": \"s1\""));
        }
        succeeded(post(snapshots + "/s1/revert", ""));
        assertEquals("the snapshot was taken at 128 MiB", 128 * MIB, virtualSize(path));
        succeeded(delete(snapshots + "/s1"));
        assertEquals(0, parse(get(snapshots)).size());
        // The pool: its size as the backend says, and what its volumes are promised.
        JsonNode pool = parse(get(volumes.substring(0, volumes.length() - "/volumes".length())));
        assertEquals(pool.toString(), 1, pool.path("volumes").asInt());
        assertEquals(pool.toString(), 128 * MIB, pool.path("provisionedBytes").asLong());
        assertTrue(pool.toString(), pool.path("capacityBytes").asLong() > 0);
        return path;
    }

    /** The image's size as QEMU's own client reads it over the network, bytes. */
    private static long virtualSize(String path) throws Exception {
        String info = program(List.of("qemu-img", "info", "--output=json", path), Map.of());
        return new ObjectMapper().readTree(info).path("virtual-size").asLong();
    }

    private String id(java.net.http.HttpResponse<String> response) throws Exception {
        return created(response).path("id").asText();
    }
}
