package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The distribution against a real libvirtd running QEMU under TCG, and {@code virsh} as the independent
 * witness: what Strata does must be visible to virsh, and what virsh does must show in Strata.
 *
 * <p>{@code ./strata test} starts the daemon (tools/test-env) and sets STRATA_TEST_LIBVIRT_URI; without it the
 * build leaves this class out and the launcher says so.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LibvirtEndToEndIT extends LibvirtTestSupport {

    @Test
    public void aVmMadeThroughRestIsRealForVirshAndVirshChangesShowInStrata() throws Exception {
        String host = hostFor(LIBVIRT);
        JsonNode hostJson = parse(get("/api/v1/hosts/" + host));
        assertEquals(hostJson.toString(), "AVAILABLE", hostJson.path("state").asText());
        assertTrue(
                "NUMA topology in the inventory: " + hostJson,
                hostJson.path("info").path("numaNodes").size() >= 1);

        String name = domainName("e2e-vm");
        String vm = createVm(host, name);

        // Defined through REST: libvirt has it, stopped, under the same UUID.
        assertEquals("shut off", virsh(LIBVIRT, "domstate", vm).trim());
        assertEquals(name, virsh(LIBVIRT, "domname", vm).trim());

        succeeded(post("/api/v1/vms/" + vm + "/actions/start", ""));
        assertEquals("running", virsh(LIBVIRT, "domstate", vm).trim());
        assertEquals("RUNNING", parse(get("/api/v1/vms/" + vm)).path("state").asText());

        // A state machine, not a pass-through: starting a running VM is refused before any task exists.
        HttpResponse<String> again = post("/api/v1/vms/" + vm + "/actions/start", "");
        assertEquals(again.body(), 409, again.statusCode());

        // Changed behind Strata's back: libvirt's lifecycle event brings it into the inventory.
        virsh(LIBVIRT, "suspend", vm);
        awaitVmState(vm, "PAUSED");
        virsh(LIBVIRT, "resume", vm);
        awaitVmState(vm, "RUNNING");

        // The guest has no OS, so it ignores the ACPI request: after the timeout Strata powers it off.
        JsonNode shutdown = succeeded(post("/api/v1/vms/" + vm + "/actions/shutdown?timeout=2", ""));
        assertFalse(shutdown.toString(), shutdown.path("result").asText().isEmpty());
        assertEquals("shut off", virsh(LIBVIRT, "domstate", vm).trim());
        awaitVmState(vm, "STOPPED");

        succeeded(delete("/api/v1/vms/" + vm));
        assertFalse("undefined in libvirt", virshList(LIBVIRT).contains(name));
        assertEquals(404, get("/api/v1/vms/" + vm).statusCode());
    }

    @Test
    public void aVmDefinedWithVirshAppearsInTheInventory() throws Exception {
        String host = hostFor(LIBVIRT);
        String name = domainName("e2e-outside");
        String uuid = UUID.randomUUID().toString();
        java.nio.file.Path xml = java.nio.file.Files.createTempFile("domain", ".xml");
        java.nio.file.Files.writeString(
                xml,
                "<domain type='qemu'><name>" + name + "</name><uuid>" + uuid
                        + "</uuid><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                        + "<os><type arch='x86_64'>hvm</type></os></domain>");
        try {
            virsh(LIBVIRT, "define", xml.toString());
            await("the VM defined with virsh is in the inventory", () -> {
                HttpResponse<String> r = get("/api/v1/vms/" + uuid);
                return r.statusCode() == 200
                        && name.equals(parse(r).path("name").asText());
            });
            JsonNode found = parse(get("/api/v1/vms/" + uuid));
            assertEquals(host, found.path("hostId").asText());
            assertFalse("found, not made by Strata", found.path("managed").asBoolean());
            assertEquals(64, found.path("memoryMb").asLong());

            virsh(LIBVIRT, "undefine", uuid);
            await(
                    "the VM undefined with virsh leaves the inventory",
                    () -> get("/api/v1/vms/" + uuid).statusCode() == 404);
        } finally {
            java.nio.file.Files.deleteIfExists(xml);
        }
    }

    @Test
    public void aVmdkImportedThroughRestBecomesADiskOfAVm() throws Exception {
        // An image "made by VMware": qemu-img writes real VMDK, in the directory imports are allowed from.
        Path importDir = Files.createDirectories(Path.of("/var/lib/strata/import"));
        Path vmdk = importDir.resolve("e2e-" + shortId() + ".vmdk");
        // Where libvirt keeps images, so that QEMU (user libvirt-qemu) may reach the volume when the VM starts.
        Path poolDir = Files.createDirectories(Path.of("/var/lib/libvirt/images/strata-e2e-" + shortId()));
        String pool = "e2e-pool-" + shortId();
        program("qemu-img", "create", "-q", "-f", "vmdk", vmdk.toString(), "32M");
        virsh(LIBVIRT, "pool-create-as", pool, "dir", "--target", poolDir.toString());
        try {
            String storage = addHost("e2e-storage-" + shortId(), LIBVIRT, "libvirt-dir");
            String volumes = "/api/v1/hosts/" + storage + "/storage-pools/" + pool + "/volumes";
            assertTrue(get("/api/v1/hosts/" + storage + "/storage-pools").body().contains(pool));

            JsonNode imported = succeeded(post(
                    "/api/v1/hosts/" + storage + "/storage-pools/" + pool + "/imports",
                    "{\"name\":\"imported.qcow2\",\"sourcePath\":\"" + vmdk + "\",\"sourceFormat\":\"vmdk\","
                            + "\"format\":\"qcow2\"}"));
            assertEquals(100, imported.path("progress").asInt());
            JsonNode volume = parse(get(volumes + "/imported.qcow2"));
            assertEquals(32L << 20, volume.path("capacityBytes").asLong());
            String path = volume.path("path").asText();
            assertTrue("qemu-img sees qcow2", program("qemu-img", "info", path).contains("file format: qcow2"));

            // The volume becomes a disk of a VM, for libvirt as for the inventory.
            String vm = createVm(hostFor(LIBVIRT), domainName("e2e-disk"));
            succeeded(post("/api/v1/vms/" + vm + "/disks", "{\"source\":\"" + path + "\",\"format\":\"qcow2\"}"));
            assertTrue(virsh(LIBVIRT, "domblklist", vm).contains(path));
            assertEquals(
                    path,
                    parse(get("/api/v1/vms/" + vm))
                            .path("spec")
                            .path("disks")
                            .get(0)
                            .path("source")
                            .asText());

            // The same target twice is refused before any task. A disk the hypervisor refuses (hot-plugged into the
            // running VM from a file that does not exist) fails its task. Either way nothing changed, in libvirt's
            // running VM, in its persistent definition, or in Strata.
            String target = parse(get("/api/v1/vms/" + vm))
                    .path("spec")
                    .path("disks")
                    .get(0)
                    .path("target")
                    .asText();
            HttpResponse<String> twice = post(
                    "/api/v1/vms/" + vm + "/disks",
                    "{\"source\":\"" + path + "\",\"format\":\"qcow2\",\"target\":\"" + target + "\"}");
            assertEquals(twice.body(), 409, twice.statusCode());
            succeeded(post("/api/v1/vms/" + vm + "/actions/start", ""));
            HttpResponse<String> missing = post(
                    "/api/v1/vms/" + vm + "/disks", "{\"source\":\"/nonexistent/e2e.qcow2\",\"format\":\"qcow2\"}");
            assertEquals(missing.body(), 202, missing.statusCode());
            JsonNode refused = awaitTask(parse(missing).path("id").asText());
            assertEquals(refused.toString(), "FAILED", refused.path("state").asText());
            assertFalse(
                    refused.toString(), refused.path("errorMessage").asText().isEmpty());
            assertEquals(
                    1,
                    parse(get("/api/v1/vms/" + vm)).path("spec").path("disks").size());
            assertFalse(virsh(LIBVIRT, "domblklist", vm).contains("/nonexistent"));
            assertFalse(virsh(LIBVIRT, "domblklist", vm, "--inactive").contains("/nonexistent"));
            succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff", ""));

            succeeded(delete("/api/v1/vms/" + vm));
            succeeded(delete(volumes + "/imported.qcow2"));
            assertFalse(Files.exists(Path.of(path)));
        } finally {
            run(LIBVIRT, "pool-destroy", pool);
            Files.deleteIfExists(vmdk);
            try (var files = Files.list(poolDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(poolDir);
        }
    }

    @Test
    public void aHostThatDoesNotAnswerIsMarkedWithTheReason() throws Exception {
        // Nothing listens on port 1: the daemon "host" is down.
        String dead = addHost("e2e-dead-" + shortId(), "qemu+tcp://127.0.0.1:1/system", "kvm");
        JsonNode refresh = awaitTask(
                parse(post("/api/v1/hosts/" + dead + "/refresh", "")).path("id").asText());
        assertEquals(refresh.toString(), "FAILED", refresh.path("state").asText());
        assertEquals("UNREACHABLE", refresh.path("errorCode").asText());
        JsonNode host = parse(get("/api/v1/hosts/" + dead));
        assertEquals("UNREACHABLE", host.path("state").asText());
        assertFalse(host.toString(), host.path("stateReason").asText().isEmpty());
        assertEquals(204, delete("/api/v1/hosts/" + dead).statusCode());
    }
}
