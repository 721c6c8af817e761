package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What a newcomer gets from a fresh distribution with no setup, over HTTPS with a real HTTP client: the demo
 * datacenter of the initial inventory (two demo hypervisor hosts, demo storage, each with its kind), a volume made on
 * the demo storage, a VM defined on demo host 1 with that volume as its disk, started, and live-migrated to demo
 * host 2. And typed hosts: a host whose driver is not installed is added only with its kind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DemoDatacenterIT extends StrataTestSupport {

    @Before
    public void ready() throws Exception {
        awaitPlatformReady();
        await(
                "the demo storage driver is listed by REST",
                () -> get("/api/v1/drivers").body().contains("\"demo-storage\""));
    }

    @Test
    public void aVmIsDefinedStartedAndMigratedBetweenTheTwoDemoHostsWithAVolumeOfTheDemoStorage() throws Exception {
        JsonNode hosts = parse(get("/api/v1/hosts"));
        JsonNode one = RestApiIT.host(hosts, "demo-host");
        JsonNode two = RestApiIT.host(hosts, "demo-host-2");
        JsonNode storage = RestApiIT.host(hosts, "demo-storage");
        assertEquals("HYPERVISOR", one.path("kind").asText());
        assertEquals("HYPERVISOR", two.path("kind").asText());
        assertEquals("STORAGE", storage.path("kind").asText());
        for (JsonNode h : new JsonNode[] {one, two, storage}) {
            await(
                    h.path("name").asText() + " is available",
                    () -> "AVAILABLE"
                            .equals(parse(get("/api/v1/hosts/" + h.path("id").asText()))
                                    .path("state")
                                    .asText()));
        }
        String host1 = one.path("id").asText();
        String host2 = two.path("id").asText();

        // A volume on the demo storage, for the VM's disk.
        String volumes = "/api/v1/hosts/" + storage.path("id").asText() + "/storage-pools/default-pool/volumes";
        succeeded(post(volumes + "?wait=30", "{\"name\":\"newcomer.qcow2\",\"capacityMb\":256,\"format\":\"qcow2\"}"));
        JsonNode volume = parse(get(volumes + "/newcomer.qcow2"));
        assertEquals(256L << 20, volume.path("capacityBytes").asLong());
        String path = volume.path("path").asText();
        assertTrue(volume.toString(), path.endsWith("/default-pool/newcomer.qcow2"));

        // Defined on demo host 1: no more 501.
        JsonNode created = succeeded(post(
                "/api/v1/vms?wait=30",
                "{\"hostId\":\"" + host1 + "\",\"spec\":{\"name\":"
                        + "\"newcomer\",\"cpus\":2,\"memoryMb\":512,\"disks\":[{\"source\":\"" + path
                        + "\",\"format\":\"qcow2\"}]}}"));
        String vm = created.path("result").asText();
        JsonNode defined = parse(get("/api/v1/vms/" + vm));
        assertEquals(host1, defined.path("hostId").asText());
        assertEquals("STOPPED", defined.path("state").asText());
        assertEquals(
                path, defined.path("spec").path("disks").get(0).path("source").asText());

        succeeded(post("/api/v1/vms/" + vm + "/actions/start?wait=30", ""));
        assertEquals("RUNNING", parse(get("/api/v1/vms/" + vm)).path("state").asText());

        JsonNode migrated =
                succeeded(post("/api/v1/vms/" + vm + "/migrate?wait=30", "{\"targetHostId\":\"" + host2 + "\"}"));
        assertEquals(100, migrated.path("progress").asInt());
        JsonNode moved = parse(get("/api/v1/vms/" + vm));
        assertEquals("the VM moved to demo host 2", host2, moved.path("hostId").asText());
        assertEquals("RUNNING", moved.path("state").asText());
        assertTrue(
                "demo host 2 runs it",
                parse(get("/api/v1/hosts/" + host2 + "/vms"))
                        .findValuesAsText("id")
                        .contains(vm));
        assertFalse(
                "demo host 1 no longer has it",
                parse(get("/api/v1/hosts/" + host1 + "/vms"))
                        .findValuesAsText("id")
                        .contains(vm));

        // A snapshot with memory, a template, and a linked clone from it: what a newcomer tries next.
        succeeded(post("/api/v1/vms/" + vm + "/snapshots?wait=30", "{\"name\":\"first\"}"));
        succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff?wait=30", ""));
        succeeded(post("/api/v1/vms/" + vm + "/snapshots/first/revert?wait=30", ""));
        assertEquals(
                "a memory snapshot resumes the VM",
                "RUNNING",
                parse(get("/api/v1/vms/" + vm)).path("state").asText());
        succeeded(post("/api/v1/vms/" + vm + "/actions/poweroff?wait=30", ""));
        assertEquals(200, put("/api/v1/vms/" + vm + "/template", "").statusCode());
        String clone = succeeded(
                        post("/api/v1/vms/" + vm + "/clone?wait=30", "{\"name\":\"newcomer-2\",\"linked\":true}"))
                .path("result")
                .asText();
        assertEquals(
                vm,
                parse(get("/api/v1/vms/" + clone))
                        .path("origin")
                        .path("sourceId")
                        .asText());
        assertEquals(409, delete("/api/v1/vms/" + vm).statusCode());
        succeeded(delete("/api/v1/vms/" + clone + "?wait=30"));
        succeeded(delete("/api/v1/vms/" + vm + "/snapshots/first?wait=30"));

        // What this test made goes again.
        succeeded(delete("/api/v1/vms/" + vm + "?wait=30"));
        assertEquals(404, get("/api/v1/vms/" + vm).statusCode());
        succeeded(delete(volumes + "/newcomer.qcow2?wait=30"));
        assertEquals(404, get(volumes + "/newcomer.qcow2").statusCode());
    }

    @Test
    public void aHostWhoseDriverIsNotInstalledIsAddedOnlyWithItsKind() throws Exception {
        String dc = RestApiIT.host(parse(get("/api/v1/hosts")), "demo-host")
                .path("datacenterId")
                .asText();
        String body = "{\"name\":\"array-1\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"vendor-array\","
                + "\"address\":\"https://array.example/api\"";

        HttpResponse<String> withoutKind = post("/api/v1/hosts", body + "}");
        assertEquals(withoutKind.body(), 400, withoutKind.statusCode());
        assertTrue(
                withoutKind.body(), parse(withoutKind).path("detail").asText().contains("give its kind"));

        HttpResponse<String> contradicting = post(
                "/api/v1/hosts",
                "{\"name\":\"demo-3\",\"datacenterId\":\"" + dc
                        + "\",\"driverId\":\"demo\",\"address\":\"demo://host3\",\"kind\":\"STORAGE\"}");
        assertEquals(contradicting.body(), 400, contradicting.statusCode());
        assertTrue(
                contradicting.body(),
                parse(contradicting).path("detail").asText().contains("contradicts"));

        HttpResponse<String> added = post("/api/v1/hosts", body + ",\"kind\":\"STORAGE\"}");
        assertEquals(added.body(), 201, added.statusCode());
        JsonNode array = parse(added);
        assertEquals("STORAGE", array.path("kind").asText());
        assertEquals("DRIVER_UNAVAILABLE", array.path("state").asText());
        assertEquals(
                "STORAGE",
                parse(get("/api/v1/hosts/" + array.path("id").asText()))
                        .path("kind")
                        .asText());
        assertEquals(204, delete("/api/v1/hosts/" + array.path("id").asText()).statusCode());
    }
}
