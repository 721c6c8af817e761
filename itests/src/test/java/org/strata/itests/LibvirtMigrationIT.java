package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Live migration through the REST API between two real libvirt daemons: the one of this machine and a second
 * one in its own network namespace (tools/test-env/libvirtd-peer.sh), which libvirt sees as another host.
 * {@code ./strata test} sets STRATA_TEST_LIBVIRT_PEER_URI; without it the build leaves this class out.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LibvirtMigrationIT extends LibvirtTestSupport {

    private static final String PEER = System.getenv("STRATA_TEST_LIBVIRT_PEER_URI");

    @Test
    public void aRunningVmMigratesLiveToTheOtherHost() throws Exception {
        assertTrue("STRATA_TEST_LIBVIRT_PEER_URI names a second libvirtd", PEER != null && !PEER.isBlank());
        String source = hostFor(LIBVIRT);
        String target = hostFor(PEER);
        String name = domainName("e2e-mig");
        String vm = createVm(source, name);
        succeeded(post("/api/v1/vms/" + vm + "/actions/start", ""));

        JsonNode task = succeeded(post("/api/v1/vms/" + vm + "/migrate", "{\"targetHostId\":\"" + target + "\"}"));
        assertEquals(100, task.path("progress").asInt());
        assertEquals("running", virsh(PEER, "domstate", vm).trim());
        assertFalse("gone from the source", virshList(LIBVIRT).contains(name));
        JsonNode moved = parse(get("/api/v1/vms/" + vm));
        assertEquals(target, moved.path("hostId").asText());
        assertEquals("RUNNING", moved.path("state").asText());

        succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff", ""));
        succeeded(delete("/api/v1/vms/" + vm));
        assertFalse(virshList(PEER).contains(name));
    }

    /**
     * A VM whose disk is on an NFS export moves live to the peer once the export's pool is attached where the peer
     * sees it: before that Strata refuses (409, naming pool and disk), after it QEMU on the peer opens the same
     * {@code nfs://} disk. The export is reachable from both daemons at 10.77.0.1 ({@code ./strata test} serves it there
     * when the peer runs).
     */
    @Test
    public void aVmWithItsDiskOnNfsMovesOnlyWhereItsPoolIsSeen() throws Exception {
        assertTrue("STRATA_TEST_LIBVIRT_PEER_URI names a second libvirtd", PEER != null && !PEER.isBlank());
        String urls = System.getenv("STRATA_TEST_NFS_URLS");
        String exportDir = System.getenv("STRATA_TEST_NFS_EXPORT_DIR");
        assertTrue(
                "the test NFS server serves the peer too (STRATA_TEST_NFS_URLS: " + urls + ")",
                urls != null && urls.contains("nfs://10.77.0.1/") && exportDir != null);
        String nfs = java.util.Arrays.stream(urls.split(","))
                .filter(u -> u.startsWith("nfs://10.77.0.1/"))
                .findFirst()
                .orElseThrow();
        String tag = shortId();
        java.nio.file.Path backend = java.nio.file.Path.of(exportDir, "mig-" + tag);
        java.nio.file.Files.createDirectories(backend.resolve("pool1"));
        String storage = addHost("mig-nfs-" + tag, nfs + "/mig-" + tag, "nfs");
        String vm = null;
        try {
            String volumes = "/api/v1/hosts/" + storage + "/storage-pools/pool1/volumes";
            String disk = succeeded(post(volumes, "{\"name\":\"disk.qcow2\",\"capacityMb\":64,\"format\":\"qcow2\"}"))
                    .path("result")
                    .asText();
            String source = hostFor(LIBVIRT);
            String target = hostFor(PEER);
            String attachments = "/api/v1/hosts/" + storage + "/storage-pools/pool1/attachments";
            assertEquals(
                    201, post(attachments, "{\"hostId\":\"" + source + "\"}").statusCode());
            String name = domainName("e2e-mig-nfs");
            vm = succeeded(post(
                            "/api/v1/vms",
                            "{\"hostId\":\"" + source + "\",\"spec\":{\"name\":\"" + name
                                    + "\",\"cpus\":1,\"memoryMb\":64,\"disks\":[{\"source\":\"" + disk
                                    + "\",\"format\":\"qcow2\"}]}}"))
                    .path("result")
                    .asText();
            succeeded(post("/api/v1/vms/" + vm + "/actions/start", ""));

            HttpResponse<String> unseen =
                    post("/api/v1/vms/" + vm + "/migrate", "{\"targetHostId\":\"" + target + "\"}");
            assertEquals(unseen.body(), 409, unseen.statusCode());
            assertTrue(
                    unseen.body(),
                    unseen.body().contains("pool1") && unseen.body().contains(disk));
            assertEquals(
                    "still running here",
                    "running",
                    virsh(LIBVIRT, "domstate", vm).trim());

            assertEquals(
                    201, post(attachments, "{\"hostId\":\"" + target + "\"}").statusCode());
            assertEquals(2, parse(get(attachments)).size());
            succeeded(post("/api/v1/vms/" + vm + "/migrate", "{\"targetHostId\":\"" + target + "\"}"));
            assertEquals("running", virsh(PEER, "domstate", vm).trim());
            assertTrue(
                    "the peer's QEMU opened the same NFS disk",
                    virsh(PEER, "dumpxml", vm).contains("protocol='nfs'"));
            assertEquals(target, parse(get("/api/v1/vms/" + vm)).path("hostId").asText());

            succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff", ""));
            succeeded(delete("/api/v1/vms/" + vm));
            vm = null;
            succeeded(delete(volumes + "/disk.qcow2"));
        } finally {
            if (vm != null) {
                delete("/api/v1/vms/" + vm);
            }
            delete("/api/v1/hosts/" + storage);
            execute(List.of("rm", "-rf", backend.toString()), Map.of());
        }
    }
}
