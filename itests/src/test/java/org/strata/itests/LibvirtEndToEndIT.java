package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
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
        assertTrue("NUMA topology in the inventory: " + hostJson,
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
        java.nio.file.Files.writeString(xml, "<domain type='qemu'><name>" + name + "</name><uuid>" + uuid
                + "</uuid><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64'>hvm</type></os></domain>");
        try {
            virsh(LIBVIRT, "define", xml.toString());
            await("the VM defined with virsh is in the inventory", () -> {
                HttpResponse<String> r = get("/api/v1/vms/" + uuid);
                return r.statusCode() == 200 && name.equals(parse(r).path("name").asText());
            });
            JsonNode found = parse(get("/api/v1/vms/" + uuid));
            assertEquals(host, found.path("hostId").asText());
            assertFalse("found, not made by Strata", found.path("managed").asBoolean());
            assertEquals(64, found.path("memoryMb").asLong());

            virsh(LIBVIRT, "undefine", uuid);
            await("the VM undefined with virsh leaves the inventory",
                    () -> get("/api/v1/vms/" + uuid).statusCode() == 404);
        } finally {
            java.nio.file.Files.deleteIfExists(xml);
        }
    }

}
