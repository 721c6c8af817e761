package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.hardware.BmcCredentials;
import org.strata.api.hardware.DiscoveryRequest;

/** The hardware routes (/hardware/discoveries and /hosts/{id}/power, sensors, ...) over real HTTP. */
public class HardwareRestHttpTest {
    private static final String JSON = "application/json";
    private static final String BM1 = "/api/v1/hosts/bm-1";
    private static final String SECRET = "bmc-pa55word";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertEquals(response.body(), 200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(JSON));
        return MAPPER.readTree(response.body());
    }

    private static List<?> lastArguments() {
        return (List<?>) ((List<?>) server.hardware.calls.last()).get(3);
    }

    private static HttpResponse<String> get(String path, String user) throws Exception {
        return server.send("GET", path, user, null, null);
    }

    @Test
    public void discoveryStartsATaskAndNeverEchoesThePasswords() throws Exception {
        String request = "{\"datacenterId\":\"dc-1\",\"driverId\":\"ipmi\",\"addresses\":\"10.0.0.0/28\","
                + "\"ports\":\"623,9001-9003\",\"credentials\":[{\"username\":\"ADMIN\",\"password\":\"" + SECRET
                + "\"},"
                + "{\"username\":\"root\",\"password\":\"calvin\"}]}";
        HttpResponse<String> response = server.send("POST", "/api/v1/hardware/discoveries", "admin", JSON, request);
        JsonNode task = server.accepted(response, "discover", "dc-1");
        assertEquals("admin", task.get("principal").asText());
        assertFalse(
                response.body(),
                response.body().contains(SECRET) || response.body().contains("calvin"));
        DiscoveryRequest received = server.hardware.discoveries.get(server.hardware.discoveries.size() - 1);
        assertEquals(
                new DiscoveryRequest(
                        "dc-1",
                        null,
                        "ipmi",
                        "10.0.0.0/28",
                        "623,9001-9003",
                        List.of(new BmcCredentials("ADMIN", SECRET), new BmcCredentials("root", "calvin"))),
                received);
        assertFalse(received.toString().contains(SECRET));

        HttpResponse<String> waited =
                server.send("POST", "/api/v1/hardware/discoveries?wait=5", "admin", JSON, request);
        assertEquals("SUCCEEDED", ok(waited).get("state").asText());
        assertFalse(waited.body().contains(SECRET));
    }

    @Test
    public void discoveryRefusesBadInputWithoutStartingAnything() throws Exception {
        int before = server.hardware.discoveries.size();
        String path = "/api/v1/hardware/discoveries";
        // A typo in a credential names the field, never the values next to it.
        String detail = problem(
                        server.send(
                                "POST",
                                path,
                                "admin",
                                JSON,
                                "{\"datacenterId\":\"dc-1\",\"addresses\":\"10.0.0.1\","
                                        + "\"credentials\":[{\"user\":\"ADMIN\",\"password\":\"" + SECRET + "\"}]}"),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText();
        assertTrue(detail, detail.contains("'credentials[0].user'") && !detail.contains(SECRET));
        problem(
                server.send("POST", path, "admin", JSON, "{\"datacenterId\":\"dc-1\",\"credentials\":{}}"),
                400,
                "INVALID_INPUT");
        problem(
                server.send(
                        "POST",
                        path,
                        "admin",
                        JSON,
                        "{\"datacenterId\":\"dc-1\",\"addresses\":\"10.0.0.1\"," + "\"credentials\":[null]}"),
                400,
                "INVALID_INPUT");
        problem(server.send("POST", path, "admin", JSON, "{\"datacenterId\":"), 400, "INVALID_INPUT");
        problem(server.send("POST", path, "admin", JSON, null), 400, "INVALID_INPUT");
        problem(server.send("POST", path, "admin", JSON, "{\"datacenterId\":\"dc-1\"}"), 400, "INVALID_INPUT");
        problem(
                server.send(
                        "POST",
                        path + "?wait=61",
                        "admin",
                        JSON,
                        "{\"datacenterId\":\"dc-1\",\"addresses\":\"10.0.0.1\"}"),
                400,
                "INVALID_INPUT");
        problem(
                server.send("POST", path, "admin", JSON, "{\"datacenterId\":\"dc-9\",\"addresses\":\"10.0.0.1\"}"),
                404,
                "NOT_FOUND");
        problem(
                server.send("POST", path, "viewer", JSON, "{\"datacenterId\":\"dc-1\",\"addresses\":\"10.0.0.1\"}"),
                403,
                "FORBIDDEN");
        problem(server.send("POST", path, null, JSON, "{}"), 401, "UNAUTHENTICATED");
        problem(server.send("POST", path, "admin", "text/plain", "x"), 415, "INVALID_INPUT");
        assertEquals("nothing started", before, server.hardware.discoveries.size());
    }

    private static HttpResponse<String> sweep(String query, String user, String accept) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.base + "/api/v1/hardware/power-states" + query));
        if (user != null) {
            request.header("Authorization", TestServer.basic(user, TestServer.PASSWORD));
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return server.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void powerStatesOfManyMachinesComeAsJsonLinesOnePerMachine() throws Exception {
        HttpResponse<String> lines = sweep("?host=bm-1&host=bm-2&timeout=5", "viewer", null);
        assertEquals(lines.body(), 200, lines.statusCode());
        assertEquals(
                "application/x-ndjson",
                lines.headers().firstValue("Content-Type").orElse(""));
        List<String> answers = List.of(lines.body().split("\n"));
        assertEquals(lines.body(), 2, answers.size());
        assertEquals(
                "{\"hostId\":\"bm-1\",\"name\":\"bm-1\",\"state\":\"ON\",\"error\":null,\"message\":null}",
                answers.get(0));
        JsonNode failed = MAPPER.readTree(answers.get(1));
        assertEquals("UNREACHABLE", failed.get("error").asText());
        assertTrue(failed.get("state").isNull());
        assertEquals(
                java.util.Arrays.asList("power-states", List.of("bm-1", "bm-2"), null, 5),
                server.hardware.calls.last());

        // A client that takes only JSON gets one array; without ids, the datacenter's machines, or all.
        JsonNode array = ok(sweep("?datacenter=dc-1", "viewer", JSON));
        assertEquals(2, array.size());
        assertEquals("bm-1", array.get(0).get("hostId").asText());
        assertEquals(java.util.Arrays.asList("power-states", null, "dc-1", null), server.hardware.calls.last());
        HttpResponse<String> all = sweep("", "viewer", "application/x-ndjson, application/json;q=0.5");
        assertEquals(
                "application/x-ndjson", all.headers().firstValue("Content-Type").orElse(""));
        assertEquals(2, all.body().split("\n").length);
    }

    @Test
    public void powerStatesRefuseBadRequestsWithAProblem() throws Exception {
        problem(sweep("?host=bm-1&host=nope", "viewer", null), 404, "NOT_FOUND");
        problem(sweep("?datacenter=dc-9", "viewer", null), 404, "NOT_FOUND");
        problem(sweep("?host=bm-1&timeout=soon", "viewer", null), 400, "INVALID_INPUT");
        problem(sweep("?hosts=bm-1", "viewer", null), 400, "INVALID_INPUT");
        problem(sweep("?host=bm-1", "nobody", null), 403, "FORBIDDEN");
        problem(sweep("?host=bm-1", null, null), 401, "UNAUTHENTICATED");
        problem(sweep("?host=bm-1", "viewer", "text/plain"), 406, "INVALID_INPUT");
    }

    @Test
    public void powerStateAndActions() throws Exception {
        JsonNode state = ok(get(BM1 + "/power", "viewer"));
        assertEquals("{\"state\":\"ON\"}", state.toString());
        problem(get("/api/v1/hosts/nope/power", "viewer"), 404, "NOT_FOUND");
        problem(get("/api/v1/hosts/h-1/power", "viewer"), 409, "CONFLICT");
        problem(get(BM1 + "/power", "nobody"), 403, "FORBIDDEN");
        problem(get(BM1 + "/power", null), 401, "UNAUTHENTICATED");

        for (String action : List.of("on", "off", "softoff", "cycle", "reset", "identify")) {
            JsonNode task = server.accepted(
                    server.send("POST", BM1 + "/power/" + action, "admin", null, null), "power-" + action, "bm-1");
            assertEquals("admin", task.get("principal").asText());
            assertEquals(List.of(action), lastArguments());
        }
        HttpResponse<String> waited = server.send("POST", BM1 + "/power/cycle?wait=10", "admin", null, null);
        assertEquals("SUCCEEDED", ok(waited).get("state").asText());

        int before = server.hardware.calls.size();
        assertEquals(
                "action must be one of on, off, softoff, cycle, reset, identify, was 'explode'",
                problem(server.send("POST", BM1 + "/power/explode", "admin", null, null), 400, "INVALID_INPUT")
                        .get("detail")
                        .asText());
        problem(server.send("POST", BM1 + "/power/ON", "admin", null, null), 400, "INVALID_INPUT");
        problem(server.send("POST", BM1 + "/power/on?wait=x", "admin", null, null), 400, "INVALID_INPUT");
        problem(server.send("POST", BM1 + "/power/on", "viewer", null, null), 403, "FORBIDDEN");
        assertEquals("nothing started", before, server.hardware.calls.size());
        problem(server.send("POST", "/api/v1/hosts/nope/power/on", "admin", null, null), 404, "NOT_FOUND");
        problem(server.send("POST", "/api/v1/hosts/h-1/power/on", "admin", null, null), 409, "CONFLICT");
    }

    @Test
    public void bootDeviceOnceOrPersistent() throws Exception {
        server.accepted(
                server.send("PUT", BM1 + "/boot-device", "admin", JSON, "{\"device\":\"pxe\",\"persistent\":false}"),
                "boot-device",
                "bm-1");
        assertEquals(List.of("pxe", false), lastArguments());
        server.accepted(
                server.send("PUT", BM1 + "/boot-device", "admin", JSON, "{\"device\":\"bios\",\"persistent\":true}"),
                "boot-device",
                "bm-1");
        assertEquals(List.of("bios", true), lastArguments());
        server.accepted(
                server.send("PUT", BM1 + "/boot-device", "admin", JSON, "{\"device\":\"cdrom\"}"),
                "boot-device",
                "bm-1");
        assertEquals("once unless said otherwise", List.of("cdrom", false), lastArguments());

        int before = server.hardware.calls.size();
        assertEquals(
                "field 'device' is required",
                problem(server.send("PUT", BM1 + "/boot-device", "admin", JSON, "{}"), 400, "INVALID_INPUT")
                        .get("detail")
                        .asText());
        assertTrue(problem(
                        server.send("PUT", BM1 + "/boot-device", "admin", JSON, "{\"device\":\"floppy\"}"),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("pxe, disk, cdrom, bios"));
        problem(
                server.send("PUT", BM1 + "/boot-device", "admin", JSON, "{\"device\":\"pxe\",\"persistent\":\"yes\"}"),
                400,
                "INVALID_INPUT");
        problem(
                server.send("PUT", BM1 + "/boot-device", "admin", JSON, "{\"device\":\"pxe\",\"once\":true}"),
                400,
                "INVALID_INPUT");
        problem(server.send("PUT", BM1 + "/boot-device", "viewer", JSON, "{\"device\":\"pxe\"}"), 403, "FORBIDDEN");
        assertEquals("nothing started", before, server.hardware.calls.size());
        problem(
                server.send("PUT", "/api/v1/hosts/nope/boot-device", "admin", JSON, "{\"device\":\"pxe\"}"),
                404,
                "NOT_FOUND");
    }

    @Test
    public void sensorsWithThresholdsAndTheirHistory() throws Exception {
        JsonNode sensors = ok(get(BM1 + "/sensors", "viewer"));
        assertEquals(2, sensors.size());
        assertEquals("CPU Temp", sensors.at("/0/name").asText());
        assertEquals("degrees C", sensors.at("/0/unit").asText());
        assertEquals(90.0, sensors.at("/0/upperCritical").asDouble(), 0);
        assertTrue("a missing threshold is null", sensors.at("/0/lowerCritical").isNull());
        assertEquals("CRITICAL", sensors.at("/1/status").asText());
        assertEquals(
                List.of(
                        "name",
                        "type",
                        "value",
                        "unit",
                        "lowerNonRecoverable",
                        "lowerCritical",
                        "lowerNonCritical",
                        "upperNonCritical",
                        "upperCritical",
                        "upperNonRecoverable",
                        "status"),
                fieldNames(sensors.get(0)));
        problem(get("/api/v1/hosts/nope/sensors", "viewer"), 404, "NOT_FOUND");

        JsonNode all = ok(get(BM1 + "/sensors/CPU%20Temp/history", "viewer"));
        assertEquals(2, all.size());
        assertEquals("2024-05-01T10:00:00Z", all.at("/0/at").asText());
        assertEquals(95.0, all.at("/1/value").asDouble(), 0);
        JsonNode later = ok(get(
                BM1 + "/sensors/CPU%20Temp/history?from=2024-05-01T10:00:30Z&to=2024-05-01T12:01:00%2B02:00",
                "viewer"));
        assertEquals(1, later.size());
        assertEquals("CRITICAL", later.at("/0/status").asText());
        List<?> call = (List<?>) server.hardware.calls.last();
        assertEquals("CPU Temp", call.get(2));
        assertEquals(Instant.parse("2024-05-01T10:00:30Z"), call.get(3));
        assertEquals(Instant.parse("2024-05-01T10:01:00Z"), call.get(4));
        assertTrue(problem(get(BM1 + "/sensors/CPU%20Temp/history?from=yesterday", "viewer"), 400, "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("'from'"));
        problem(get(BM1 + "/sensors/Nope/history", "viewer"), 404, "NOT_FOUND");
    }

    @Test
    public void inventoryAndEventLog() throws Exception {
        JsonNode inventory = ok(get(BM1 + "/hardware", "viewer"));
        assertEquals(
                "4c4c4544-0036-4410-8051-b2c04f4b4c31", inventory.get("guid").asText());
        assertEquals("2.17", inventory.get("firmwareRevision").asText());
        assertEquals("BS-456", inventory.at("/fru/0/boardSerial").asText());
        assertEquals(0, inventory.at("/fru/0/device").asInt());
        assertEquals("2024-05-01T10:00:00Z", inventory.get("read").asText());
        problem(get("/api/v1/hosts/h-1/hardware", "viewer"), 409, "CONFLICT");

        JsonNode sel = ok(get(BM1 + "/sel", "viewer"));
        assertEquals(1, sel.at("/0/recordId").asInt());
        assertTrue(sel.at("/0/asserted").asBoolean());
        assertEquals("Upper Critical going high", sel.at("/0/description").asText());
        assertTrue("an unset BMC clock is null", sel.at("/1/at").isNull());
        assertFalse(sel.at("/1/asserted").asBoolean());
        problem(get("/api/v1/hosts/nope/sel", "viewer"), 404, "NOT_FOUND");
    }

    @Test
    public void firmwareUpdateOrTheDriversHonestNo() throws Exception {
        JsonNode unsupported = problem(
                server.send("POST", BM1 + "/firmware", "admin", JSON, "{\"imagePath\":\"/srv/fw/bmc.bin\"}"),
                501,
                "UNSUPPORTED");
        assertTrue(unsupported.get("detail").asText().contains("unsupported by this driver"));
        server.accepted(
                server.send(
                        "POST", "/api/v1/hosts/bm-2/firmware", "admin", JSON, "{\"imagePath\":\"/srv/fw/bmc.bin\"}"),
                "update-firmware",
                "bm-2");
        assertEquals(List.of("/srv/fw/bmc.bin"), lastArguments());
        assertEquals(
                "field 'imagePath' is required",
                problem(server.send("POST", "/api/v1/hosts/bm-2/firmware", "admin", JSON, "{}"), 400, "INVALID_INPUT")
                        .get("detail")
                        .asText());
        problem(
                server.send("POST", "/api/v1/hosts/bm-2/firmware", "viewer", JSON, "{\"imagePath\":\"/x\"}"),
                403,
                "FORBIDDEN");
        problem(
                server.send("POST", "/api/v1/hosts/nope/firmware", "admin", JSON, "{\"imagePath\":\"/x\"}"),
                404,
                "NOT_FOUND");
    }

    @Test
    public void theHostRoutesStillWorkBesideTheHardwareOnes() throws Exception {
        // Four root resources share /hosts; CXF must still find each one's routes.
        assertEquals("kvm1", ok(get("/api/v1/hosts/h-1", "viewer")).get("name").asText());
        assertEquals(2, ok(get("/api/v1/hosts/h-1/stats", "viewer")).size());
        assertEquals(
                "default",
                ok(get("/api/v1/hosts/st-1/storage-pools", "viewer")).get(0).asText());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
