package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmSpec;

/** The VM routes (/vms..., /hosts/{id}/stats) and host info over real HTTP. */
public class VmRestHttpTest {
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    private static JsonNode problem(HttpResponse<String> response, int status, String code) throws Exception {
        JsonNode body = TestServer.problem(response, status, code);
        assertFalse(
                response.body(),
                response.body().contains("Exception") || response.body().contains("org.strata"));
        return body;
    }

    /** Asserts a 202 with a task of the operation, whose Location names it; returns the task. */
    private static JsonNode accepted(HttpResponse<String> response, String operation) throws Exception {
        JsonNode task = server.accepted(response, operation);
        assertEquals("QUEUED", task.get("state").asText());
        return task;
    }

    private static List<?> lastCall() {
        return (List<?>) server.vms.calls.last();
    }

    @Test
    public void listAndGetVms() throws Exception {
        JsonNode page = MAPPER.readTree(
                server.send("GET", "/api/v1/vms", "viewer", null, null).body());
        assertEquals(2, page.get("total").asInt());
        assertEquals("vm-1", page.at("/items/0/id").asText());
        assertEquals("RUNNING", page.at("/items/0/state").asText());
        assertEquals(2048, page.at("/items/0/spec/memoryMb").asInt());
        assertEquals("2024-05-01T10:00:00Z", page.at("/items/0/stateChanged").asText());

        JsonNode onHost =
                MAPPER.readTree(server.send("GET", "/api/v1/vms?host=h-2&offset=0&limit=1", "viewer", null, null)
                        .body());
        assertEquals(1, onHost.get("total").asInt());
        assertEquals(1, onHost.get("limit").asInt());
        assertEquals("db", onHost.at("/items/0/name").asText());

        HttpResponse<String> one = server.send("GET", "/api/v1/vms/vm-2", "viewer", null, null);
        assertEquals(200, one.statusCode());
        assertEquals("h-2", MAPPER.readTree(one.body()).get("hostId").asText());
        assertTrue(MAPPER.readTree(one.body()).get("managed").asBoolean());
        problem(server.send("GET", "/api/v1/vms/nope", "viewer", null, null), 404, "NOT_FOUND");
        problem(server.send("GET", "/api/v1/vms?limit=0", "viewer", null, null), 400, "INVALID_INPUT");
        problem(server.send("GET", "/api/v1/vms", null, null, null), 401, "UNAUTHENTICATED");
        problem(server.send("GET", "/api/v1/vms/vm-1", "nobody", null, null), 403, "FORBIDDEN");
        problem(server.send("GET", "/api/v1/hosts/st-1/storage-pools", null, null, null), 401, "UNAUTHENTICATED");
    }

    @Test
    public void createIsATaskAndTheSpecArrivesWhole() throws Exception {
        String body = "{\"hostId\":\"h-1\",\"spec\":{\"name\":\"new1\",\"cpus\":2,\"memoryMb\":1024,"
                + "\"disks\":[{\"source\":\"/var/lib/a.qcow2\",\"format\":\"qcow2\"},{\"device\":\"cdrom\",\"source\":\"/iso/x.iso\",\"readOnly\":true}],"
                + "\"nics\":[{\"attachment\":\"network\",\"source\":\"default\"}],\"bootOrder\":[\"cdrom\",\"disk\"],"
                + "\"graphics\":{\"type\":\"vnc\",\"port\":0},\"serialConsole\":true,\"resources\":{\"cpuShares\":2048}}}";
        JsonNode task = accepted(server.send("POST", "/api/v1/vms", "admin", JSON, body), "create");
        assertEquals("admin", task.get("principal").asText());
        List<?> call = lastCall();
        VmSpec spec = (VmSpec) ((List<?>) call.get(3)).get(1);
        assertEquals("h-1", ((List<?>) call.get(3)).get(0));
        assertEquals(2, spec.disks().size());
        assertEquals(
                new VmDisk("cdrom", "/iso/x.iso", null, null, null, true),
                spec.disks().get(1));
        assertEquals(List.of("cdrom", "disk"), spec.bootOrder());
        assertEquals("vnc", spec.graphics().type());
        assertTrue(spec.serialConsole());
        assertEquals(Integer.valueOf(2048), spec.resources().cpuShares());

        problem(
                server.send(
                        "POST",
                        "/api/v1/vms",
                        "admin",
                        JSON,
                        "{\"hostId\":\"h-9\",\"spec\":{\"name\":\"x\",\"cpus\":1,\"memoryMb\":64}}"),
                404,
                "NOT_FOUND");
        problem(
                server.send(
                        "POST",
                        "/api/v1/vms",
                        "admin",
                        JSON,
                        "{\"hostId\":\"h-1\",\"spec\":{\"name\":\"web\",\"cpus\":1,\"memoryMb\":64}}"),
                409,
                "CONFLICT");
        problem(server.send("POST", "/api/v1/vms", "viewer", JSON, body), 403, "FORBIDDEN");
    }

    @Test
    public void badCreateBodiesAre400BeforeAnythingStarts() throws Exception {
        int before = server.vms.calls.size();
        assertEquals(
                "field 'spec' is required",
                problem(server.send("POST", "/api/v1/vms", "admin", JSON, "{\"hostId\":\"h-1\"}"), 400, "INVALID_INPUT")
                        .get("detail")
                        .asText());
        // Since the datacenter layer a host is optional (placement chooses), but then a pool is needed.
        assertEquals(
                "a VM created without a host needs a pool (poolId) to be placed in",
                problem(
                                server.send(
                                        "POST",
                                        "/api/v1/vms",
                                        "admin",
                                        JSON,
                                        "{\"spec\":{\"name\":\"a\",\"cpus\":1,\"memoryMb\":64}}"),
                                400,
                                "INVALID_INPUT")
                        .get("detail")
                        .asText());
        assertTrue(problem(
                        server.send(
                                "POST",
                                "/api/v1/vms",
                                "admin",
                                JSON,
                                "{\"hostId\":\"h-1\",\"spec\":{\"name\":\"a\",\"cpus\":1,\"memoryMb\":64,\"colour\":1}}"),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText()
                .startsWith("unknown field 'spec.colour'"));
        assertEquals(
                "field 'spec.cpus' must be an integer",
                problem(
                                server.send(
                                        "POST",
                                        "/api/v1/vms",
                                        "admin",
                                        JSON,
                                        "{\"hostId\":\"h-1\",\"spec\":{\"name\":\"a\",\"cpus\":\"two\",\"memoryMb\":64}}"),
                                400,
                                "INVALID_INPUT")
                        .get("detail")
                        .asText());
        assertEquals(
                "field 'spec.disks' must be a JSON array",
                problem(
                                server.send(
                                        "POST",
                                        "/api/v1/vms",
                                        "admin",
                                        JSON,
                                        "{\"hostId\":\"h-1\",\"spec\":{\"name\":\"a\",\"cpus\":1,\"memoryMb\":64,\"disks\":\"vda\"}}"),
                                400,
                                "INVALID_INPUT")
                        .get("detail")
                        .asText());
        problem(server.send("POST", "/api/v1/vms", "admin", JSON, "{\"hostId\":"), 400, "INVALID_INPUT");
        problem(server.send("POST", "/api/v1/vms", "admin", JSON, ""), 400, "INVALID_INPUT");
        assertTrue(problem(
                        server.send(
                                "POST",
                                "/api/v1/vms?wait=61",
                                "admin",
                                JSON,
                                "{\"hostId\":\"h-1\",\"spec\":{\"name\":\"w\",\"cpus\":1,\"memoryMb\":64}}"),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("'wait'"));
        assertEquals("no task was started", before, server.vms.calls.size());
    }

    @Test
    public void waitReturnsTheFinishedTaskWith200OrTheRunningOneWith202() throws Exception {
        HttpResponse<String> done = server.send("POST", "/api/v1/vms/vm-2/actions/start?wait=10", "admin", null, null);
        assertEquals(done.body(), 200, done.statusCode());
        JsonNode task = MAPPER.readTree(done.body());
        assertEquals("SUCCEEDED", task.get("state").asText());
        assertEquals("vm-2", task.get("result").asText());
        assertTrue(done.headers()
                .firstValue("Location")
                .orElseThrow()
                .endsWith("/api/v1/tasks/" + task.get("id").asText()));

        HttpResponse<String> stuck = server.send(
                "POST",
                "/api/v1/vms?wait=1",
                "admin",
                JSON,
                "{\"hostId\":\"h-1\",\"spec\":{\"name\":\"slow\",\"cpus\":1,\"memoryMb\":64}}");
        assertEquals(stuck.body(), 202, stuck.statusCode());
        assertEquals("RUNNING", MAPPER.readTree(stuck.body()).get("state").asText());
        problem(server.send("DELETE", "/api/v1/vms/vm-2?wait=abc", "admin", null, null), 400, "INVALID_INPUT");
    }

    @Test
    public void updateAndDeleteAreTasksAnd409WhileRunning() throws Exception {
        String spec = "{\"name\":\"db\",\"cpus\":8,\"memoryMb\":8192}";
        accepted(server.send("PUT", "/api/v1/vms/vm-2", "admin", JSON, spec), "update");
        assertEquals(8, ((VmSpec) ((List<?>) lastCall().get(3)).get(0)).cpus());
        problem(server.send("PUT", "/api/v1/vms/vm-1", "admin", JSON, spec), 409, "CONFLICT");
        problem(server.send("PUT", "/api/v1/vms/vm-2", "admin", JSON, "null"), 400, "INVALID_INPUT");
        problem(server.send("PUT", "/api/v1/vms/vm-2", "viewer", JSON, spec), 403, "FORBIDDEN");
        accepted(server.send("DELETE", "/api/v1/vms/vm-2", "admin", null, null), "delete");
        problem(server.send("DELETE", "/api/v1/vms/vm-1", "admin", null, null), 409, "CONFLICT");
        problem(server.send("DELETE", "/api/v1/vms/nope", "admin", null, null), 404, "NOT_FOUND");
    }

    @Test
    public void actionsAreTasksAndBadActionsOrTimeouts400() throws Exception {
        for (String action : List.of("shutdown", "reboot", "suspend", "resume", "poweroff")) {
            accepted(server.send("POST", "/api/v1/vms/vm-1/actions/" + action, "admin", null, null), action);
        }
        accepted(server.send("POST", "/api/v1/vms/vm-1/actions/shutdown?timeout=30", "admin", null, null), "shutdown");
        assertEquals("30", ((List<?>) lastCall().get(3)).get(0));
        problem(server.send("POST", "/api/v1/vms/vm-1/actions/start", "admin", null, null), 409, "CONFLICT");
        assertTrue(problem(
                        server.send("POST", "/api/v1/vms/vm-1/actions/explode", "admin", null, null),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText()
                .startsWith("action must be one of start, shutdown"));
        problem(
                server.send("POST", "/api/v1/vms/vm-1/actions/reboot?timeout=30", "admin", null, null),
                400,
                "INVALID_INPUT");
        problem(
                server.send("POST", "/api/v1/vms/vm-1/actions/shutdown?timeout=0", "admin", null, null),
                400,
                "INVALID_INPUT");
        problem(
                server.send("POST", "/api/v1/vms/vm-1/actions/shutdown?timeout=x", "admin", null, null),
                400,
                "INVALID_INPUT");
        problem(server.send("POST", "/api/v1/vms/nope/actions/start", "admin", null, null), 404, "NOT_FOUND");
        problem(server.send("POST", "/api/v1/vms/vm-1/actions/poweroff", "viewer", null, null), 403, "FORBIDDEN");
    }

    @Test
    public void devicesResourcesAndMigration() throws Exception {
        accepted(
                server.send(
                        "POST",
                        "/api/v1/vms/vm-1/disks",
                        "admin",
                        JSON,
                        "{\"source\":\"/v/b.qcow2\",\"format\":\"qcow2\",\"target\":\"vdb\"}"),
                "attach-disk");
        assertEquals(
                new VmDisk(null, "/v/b.qcow2", "qcow2", null, "vdb", false),
                ((List<?>) lastCall().get(3)).get(0));
        problem(server.send("POST", "/api/v1/vms/vm-1/disks", "admin", JSON, "{\"size\":1}"), 400, "INVALID_INPUT");
        accepted(server.send("DELETE", "/api/v1/vms/vm-1/disks/vdb", "admin", null, null), "detach-disk");
        assertEquals("vdb", ((List<?>) lastCall().get(3)).get(0));

        accepted(
                server.send(
                        "POST",
                        "/api/v1/vms/vm-1/nics",
                        "admin",
                        JSON,
                        "{\"attachment\":\"bridge\",\"source\":\"br0\",\"model\":\"e1000\"}"),
                "attach-nic");
        assertEquals(
                new VmNic("bridge", "br0", null, "e1000"), ((List<?>) lastCall().get(3)).get(0));
        accepted(server.send("DELETE", "/api/v1/vms/vm-1/nics/52:54:00:12:34:56", "admin", null, null), "detach-nic");
        assertEquals("52:54:00:12:34:56", ((List<?>) lastCall().get(3)).get(0));

        accepted(
                server.send(
                        "PUT",
                        "/api/v1/vms/vm-1/resources",
                        "admin",
                        JSON,
                        "{\"cpuShares\":512,\"memoryLimitMb\":4096}"),
                "set-resources");
        assertEquals(
                new VmResources(512, null, null, 4096L, null),
                ((List<?>) lastCall().get(3)).get(0));
        problem(
                server.send("PUT", "/api/v1/vms/vm-1/resources", "admin", JSON, "{\"cpuShares\":\"lots\"}"),
                400,
                "INVALID_INPUT");

        accepted(
                server.send("POST", "/api/v1/vms/vm-1/migrate", "admin", JSON, "{\"targetHostId\":\"h-2\"}"),
                "migrate");
        problem(
                server.send("POST", "/api/v1/vms/vm-1/migrate", "admin", JSON, "{\"targetHostId\":\"h-9\"}"),
                404,
                "NOT_FOUND");
        assertEquals(
                "field 'targetHostId' is required",
                problem(server.send("POST", "/api/v1/vms/vm-1/migrate", "admin", JSON, "{}"), 400, "INVALID_INPUT")
                        .get("detail")
                        .asText());
        problem(server.send("POST", "/api/v1/vms/vm-1/nics", "viewer", JSON, "{}"), 403, "FORBIDDEN");
    }

    @Test
    public void theGuestAgentsReportOrWhyNoAgentAnswers() throws Exception {
        HttpResponse<String> response = server.send("GET", "/api/v1/vms/vm-1/guest", "viewer", null, null);
        assertEquals(response.body(), 200, response.statusCode());
        JsonNode guest = MAPPER.readTree(response.body());
        assertTrue(guest.get("agentRunning").asBoolean());
        assertTrue(guest.get("reason").isNull());
        assertEquals("debian", guest.at("/os/id").asText());
        assertEquals(
                "Debian GNU/Linux 12 (bookworm)", guest.at("/os/prettyName").asText());
        assertEquals("6.1.0-28-amd64", guest.at("/os/kernel").asText());
        assertEquals("web", guest.get("hostname").asText());
        assertEquals("ens3", guest.at("/interfaces/1/name").asText());
        assertEquals("52:54:00:12:34:56", guest.at("/interfaces/1/mac").asText());
        assertEquals(
                "192.168.122.15", guest.at("/interfaces/1/addresses/0/address").asText());
        assertEquals(24, guest.at("/interfaces/1/addresses/0/prefix").asInt());
        assertEquals("CET", guest.at("/timezone/name").asText());
        assertEquals(3600, guest.at("/timezone/offsetSeconds").asInt());
        assertEquals("root", guest.at("/users/0/name").asText());
        assertEquals("2024-05-01T09:00:00Z", guest.at("/users/0/loginTime").asText());
        assertEquals("/", guest.at("/fileSystems/0/mountpoint").asText());
        assertEquals(20L << 30, guest.at("/fileSystems/0/totalBytes").asLong());
        assertEquals(19L << 30, guest.at("/fileSystems/0/usedBytes").asLong());
        assertEquals(95.0, guest.at("/fileSystems/0/usedPercent").asDouble(), 0.0);

        server.vms.add(new org.strata.api.vm.VirtualMachine(
                "vm-ga",
                "h-1",
                "bare",
                org.strata.api.vm.VmState.RUNNING,
                1,
                512,
                "vm-ga",
                VmSpec.of("bare", 1, 512),
                true,
                null,
                null));
        try {
            JsonNode none = MAPPER.readTree(server.send("GET", "/api/v1/vms/vm-ga/guest", "viewer", null, null)
                    .body());
            assertFalse(
                    "no agent is a 200 that says why", none.get("agentRunning").asBoolean());
            assertTrue(none.get("reason").asText(), none.get("reason").asText().contains("not connected"));
            assertTrue(none.get("os").isNull());
            assertEquals(0, none.get("interfaces").size());
            assertTrue(none.get("timezone").isNull());
            assertEquals(0, none.get("fileSystems").size());
        } finally {
            server.vms.remove("vm-ga");
        }

        problem(server.send("GET", "/api/v1/vms/vm-2/guest", "viewer", null, null), 409, "CONFLICT");
        problem(server.send("GET", "/api/v1/vms/nope/guest", "viewer", null, null), 404, "NOT_FOUND");
        problem(server.send("GET", "/api/v1/vms/vm-1/guest", null, null, null), 401, "UNAUTHENTICATED");
    }

    @Test
    public void theGuestSamplersLastSampleAndVmsFoundByAGuestAddress() throws Exception {
        HttpResponse<String> response = server.send("GET", "/api/v1/vms/vm-1/guest/sample", "viewer", null, null);
        assertEquals(response.body(), 200, response.statusCode());
        JsonNode sample = MAPPER.readTree(response.body());
        assertTrue(sample.get("agentRunning").asBoolean());
        assertEquals("2024-05-01T10:02:00Z", sample.get("at").asText());
        assertEquals("Debian GNU/Linux 12 (bookworm)", sample.get("os").asText());
        assertEquals("192.168.122.15", sample.at("/addresses/0").asText());
        assertEquals("/", sample.at("/fileSystems/0/mountpoint").asText());
        assertTrue(sample.at("/fileSystems/0/full").asBoolean());
        assertEquals(93.0, sample.at("/fileSystems/0/usedPercent").asDouble(), 1e-9);
        assertEquals(89.5, sample.at("/fileSystems/0/recent/0/usedPercent").asDouble(), 1e-9);
        assertEquals(
                "2024-05-01T10:02:00Z", sample.at("/fileSystems/0/recent/1/at").asText());

        JsonNode none = MAPPER.readTree(server.send("GET", "/api/v1/vms/vm-2/guest/sample", "viewer", null, null)
                .body());
        assertTrue("not sampled: no time, and why", none.get("at").isNull());
        assertTrue(none.get("reason").asText(), none.get("reason").asText().contains("STOPPED"));
        problem(server.send("GET", "/api/v1/vms/nope/guest/sample", "viewer", null, null), 404, "NOT_FOUND");
        problem(server.send("GET", "/api/v1/vms/vm-1/guest/sample", null, null, null), 401, "UNAUTHENTICATED");

        JsonNode found = MAPPER.readTree(server.send("GET", "/api/v1/vms?address=192.168.122.15", "viewer", null, null)
                .body());
        assertEquals(
                "a VM deleted since the round is left out",
                1,
                found.get("total").asInt());
        assertEquals("vm-1", found.at("/items/0/id").asText());
        assertEquals(
                0,
                MAPPER.readTree(server.send("GET", "/api/v1/vms?address=192.168.122.15&host=h-2", "viewer", null, null)
                                .body())
                        .get("total")
                        .asInt());
        assertEquals(
                0,
                MAPPER.readTree(server.send("GET", "/api/v1/vms?address=10.9.9.9", "viewer", null, null)
                                .body())
                        .get("total")
                        .asInt());
    }

    @Test
    public void consolesAndStats() throws Exception {
        JsonNode consoles = MAPPER.readTree(server.send("GET", "/api/v1/vms/vm-1/consoles", "viewer", null, null)
                .body());
        assertEquals("vnc", consoles.at("/0/type").asText());
        assertEquals("127.0.0.1:5900", consoles.at("/0/address").asText());
        problem(server.send("GET", "/api/v1/vms/nope/consoles", "viewer", null, null), 404, "NOT_FOUND");

        JsonNode all = MAPPER.readTree(server.send("GET", "/api/v1/vms/vm-1/stats", "viewer", null, null)
                .body());
        assertEquals(2, all.size());
        assertEquals("2024-05-01T10:00:00Z", all.at("/0/at").asText());
        assertEquals(12.5, all.at("/0/cpuPercent").asDouble(), 0.0);
        JsonNode later = MAPPER.readTree(server.send(
                        "GET",
                        "/api/v1/vms/vm-1/stats?from=2024-05-01T10:00:30Z&to=2024-05-01T12:00:00%2B01:00",
                        "viewer",
                        null,
                        null)
                .body());
        assertEquals(1, later.size());
        assertEquals("2024-05-01T10:01:00Z", later.at("/0/at").asText());
        assertTrue(problem(
                        server.send("GET", "/api/v1/vms/vm-1/stats?from=yesterday", "viewer", null, null),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("'from'"));

        JsonNode host = MAPPER.readTree(
                server.send("GET", "/api/v1/hosts/h-1/stats?to=2024-05-01T10:00:00Z", "viewer", null, null)
                        .body());
        assertEquals(1, host.size());
        assertEquals(16000, host.at("/0/memoryTotalMb").asLong());
        problem(server.send("GET", "/api/v1/hosts/h-9/stats", "viewer", null, null), 404, "NOT_FOUND");
        problem(server.send("GET", "/api/v1/hosts/h-1/stats?to=soon", "viewer", null, null), 400, "INVALID_INPUT");
    }

    @Test
    public void hostJsonCarriesInfoAndAPutIgnoresIt() throws Exception {
        HttpResponse<String> read = server.send("GET", "/api/v1/hosts/h-1", "viewer", null, null);
        assertEquals(200, read.statusCode());
        JsonNode host = MAPPER.readTree(read.body());
        assertEquals("8.2.2", host.at("/info/hypervisorVersion").asText());
        assertEquals(32768, host.at("/info/numaNodes/0/memoryMb").asLong());
        assertEquals("2024-05-01T10:05:00Z", host.at("/info/refreshed").asText());

        String sentBack = read.body().replace("\"kvm1\"", "\"kvm1-renamed\"");
        HttpResponse<String> updated = server.send("PUT", "/api/v1/hosts/h-1", "admin", JSON, sentBack);
        assertEquals(updated.body(), 200, updated.statusCode());
        assertEquals("kvm1-renamed", MAPPER.readTree(updated.body()).get("name").asText());
        // Existing routes of /hosts still resolve beside the ones added by other resources on the same path.
        assertEquals(
                202,
                server.send("POST", "/api/v1/hosts/h1/refresh", "admin", null, null)
                        .statusCode());
    }
}
