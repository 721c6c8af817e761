package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * VM snapshots, templates and clones through REST on the distribution, against this machine's libvirtd and QEMU:
 * a VM whose disk is a qcow2 volume of a libvirt {@code dir} pool (a storage host of Strata's), snapshotted stopped
 * and running, reverted, cloned while it runs, made a template, deployed as linked clones, and protected from deletion
 * while they use it. {@code virsh} and {@code qemu-img} are the independent witnesses.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SnapshotsAndClonesIT extends LibvirtTestSupport {

    @Test
    public void snapshotsRevertsTemplatesAndLinkedClonesOfAKvmVm() throws Exception {
        String tag = shortId();
        // Where libvirt keeps images, so that QEMU (user libvirt-qemu) may open the volumes.
        Path poolDir = Files.createDirectories(Path.of("/var/lib/libvirt/images/strata-snap-" + tag));
        String pool = "snap-pool-" + tag;
        virsh(LIBVIRT, "pool-create-as", pool, "dir", "--target", poolDir.toString());
        List<String> vmsMade = new ArrayList<>();
        try {
            String storage = addHost("snap-storage-" + tag, LIBVIRT, "libvirt-dir");
            String volumes = "/api/v1/hosts/" + storage + "/storage-pools/" + pool + "/volumes";
            String base = succeeded(post(volumes, "{\"name\":\"base.qcow2\",\"capacityMb\":32,\"format\":\"qcow2\"}"))
                    .path("result")
                    .asText();
            String kvm = hostFor(LIBVIRT);
            String name = domainName("snap");
            String vm = succeeded(post(
                            "/api/v1/vms",
                            "{\"hostId\":\"" + kvm + "\",\"spec\":{\"name\":\"" + name
                                    + "\",\"cpus\":1,\"memoryMb\":64," + "\"disks\":[{\"source\":\"" + base
                                    + "\",\"format\":\"qcow2\"}]}}"))
                    .path("result")
                    .asText();
            vmsMade.add(0, vm);
            String snapshots = "/api/v1/vms/" + vm + "/snapshots";

            // Stopped: disks only. Running: with memory.
            assertEquals(
                    "cold",
                    succeeded(post(snapshots, "{\"name\":\"cold\",\"description\":\"before boot\"}"))
                            .path("result")
                            .asText());
            succeeded(post("/api/v1/vms/" + vm + "/actions/start", ""));
            succeeded(post(snapshots, "{\"name\":\"warm\",\"memory\":true}"));
            JsonNode tree = parse(get(snapshots));
            assertEquals(tree.toString(), 2, tree.size());
            assertEquals("cold", tree.get(0).path("name").asText());
            assertFalse(tree.get(0).path("withMemory").asBoolean());
            assertEquals("cold", tree.get(1).path("parent").asText());
            assertTrue(tree.get(1).path("withMemory").asBoolean());
            assertTrue(tree.get(1).path("current").asBoolean());
            String listed = virsh(LIBVIRT, "snapshot-list", name, "--name");
            assertTrue(listed, listed.contains("cold") && listed.contains("warm"));

            // Bad requests are refused before any task.
            assertProblem(post(snapshots, "{\"name\":\"warm\"}"), 409);
            assertProblem(post(snapshots, "{\"name\":\"no spaces\"}"), 400);
            // A memory snapshot of a running VM is never quiesced: its memory would hold a frozen guest.
            assertProblem(post(snapshots, "{\"name\":\"frozen\",\"memory\":true,\"quiesce\":true}"), 400);
            assertProblem(post(snapshots + "/never/revert", ""), 404);

            // Back to the stopped state, then to the running one.
            succeeded(post(snapshots + "/cold/revert", ""));
            awaitVmState(vm, "STOPPED");
            assertEquals("shut off", virsh(LIBVIRT, "domstate", name).trim());
            succeeded(post(snapshots + "/warm/revert", ""));
            awaitVmState(vm, "RUNNING");
            assertEquals("running", virsh(LIBVIRT, "domstate", name).trim());

            // A full clone of the running VM: paused while its disk is copied, running again after.
            String copyName = domainName("snap-copy");
            String copy = succeeded(post("/api/v1/vms/" + vm + "/clone", "{\"name\":\"" + copyName + "\"}"))
                    .path("result")
                    .asText();
            vmsMade.add(0, copy);
            assertEquals("running", virsh(LIBVIRT, "domstate", name).trim());
            JsonNode copied = parse(get("/api/v1/vms/" + copy));
            assertEquals(vm, copied.path("origin").path("sourceId").asText());
            assertFalse(copied.path("origin").path("linked").asBoolean());
            String copyDisk =
                    copied.path("spec").path("disks").get(0).path("source").asText();
            assertTrue(copyDisk, copyDisk.startsWith(poolDir.toString()) && !copyDisk.equals(base));
            assertTrue(virsh(LIBVIRT, "domblklist", copyName).contains(copyDisk));
            assertFalse(
                    "a full copy stands alone",
                    program("qemu-img", "info", "-U", copyDisk).contains("backing file"));

            succeeded(delete(snapshots + "/warm"));
            assertFalse(virsh(LIBVIRT, "snapshot-list", name, "--name").contains("warm"));
            succeeded(delete(snapshots + "/cold"));
            succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff", ""));

            // A template cannot start; its linked clones read from its disk.
            assertProblem(put("/api/v1/vms/" + vm + "/template", ""), 200);
            assertTrue(parse(get("/api/v1/vms/" + vm)).path("template").asBoolean());
            assertProblem(post("/api/v1/vms/" + vm + "/actions/start", ""), 409);
            List<String> linked = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String cloneName = domainName("snap-linked");
                String clone = succeeded(post(
                                "/api/v1/vms/" + vm + "/clone", "{\"name\":\"" + cloneName + "\",\"linked\":true}"))
                        .path("result")
                        .asText();
                vmsMade.add(0, clone);
                linked.add(cloneName);
                String disk = parse(get("/api/v1/vms/" + clone))
                        .path("spec")
                        .path("disks")
                        .get(0)
                        .path("source")
                        .asText();
                String info = program("qemu-img", "info", "-U", disk);
                assertTrue(info, info.contains("backing file: " + base));
            }
            assertEquals(2, parse(get("/api/v1/vms/" + vm + "/linked-clones")).size());
            HttpResponse<String> refused = delete("/api/v1/vms/" + vm);
            assertProblem(refused, 409);
            assertTrue(
                    refused.body(),
                    refused.body().contains(linked.get(0)) && refused.body().contains(linked.get(1)));
            assertProblem(delete("/api/v1/vms/" + vm + "/template"), 409);

            // A linked clone runs.
            String first = vmsMade.get(0);
            succeeded(post("/api/v1/vms/" + first + "/actions/start", ""));
            assertEquals("running", virsh(LIBVIRT, "domstate", linked.get(1)).trim());
            succeeded(post("/api/v1/vms/" + first + "/actions/poweroff", ""));

            // Once its clones are gone, the template goes too.
            for (String made : List.copyOf(vmsMade)) {
                if (!made.equals(vm)) {
                    succeeded(delete("/api/v1/vms/" + made));
                    vmsMade.remove(made);
                }
            }
            succeeded(delete("/api/v1/vms/" + vm));
            vmsMade.remove(vm);
        } finally {
            for (String made : vmsMade) {
                delete("/api/v1/vms/" + made);
            }
            run(LIBVIRT, "pool-destroy", pool);
            try (var files = Files.list(poolDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(poolDir);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertEquals(response.body(), status, response.statusCode());
    }
}
