package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.storage.VolumeImport;
import org.strata.api.storage.VolumeSpec;

/** The storage routes under /hosts/{id}/storage-pools over real HTTP. */
public class StorageRestHttpTest {
    private static final String JSON = "application/json";
    private static final String POOL = "/api/v1/hosts/st-1/storage-pools/default";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    private static Object lastArgument() {
        return ((List<?>) ((List<?>) server.storage.calls.last()).get(3)).get(0);
    }

    @Test
    public void poolsAndVolumesAreRead() throws Exception {
        HttpResponse<String> pools = server.send("GET", "/api/v1/hosts/st-1/storage-pools", "viewer", null, null);
        assertEquals(200, pools.statusCode());
        assertEquals("default", MAPPER.readTree(pools.body()).get(0).asText());
        problem(server.send("GET", "/api/v1/hosts/h-9/storage-pools", "viewer", null, null), 404, "NOT_FOUND");

        JsonNode pool =
                MAPPER.readTree(server.send("GET", POOL, "viewer", null, null).body());
        assertEquals("default", pool.get("name").asText());
        assertEquals(100L << 30, pool.get("capacityBytes").asLong());
        assertEquals(40L << 30, pool.get("freeBytes").asLong());
        problem(server.send("GET", "/api/v1/hosts/st-1/storage-pools/other", "viewer", null, null), 404, "NOT_FOUND");

        JsonNode volumes = MAPPER.readTree(
                server.send("GET", POOL + "/volumes", "viewer", null, null).body());
        assertEquals("default/disk1.qcow2", volumes.at("/0/id").asText());
        assertEquals(1L << 30, volumes.at("/0/capacityBytes").asLong());
        assertEquals(
                "/var/lib/strata/default/disk1.qcow2", volumes.at("/0/path").asText());
        problem(
                server.send("GET", "/api/v1/hosts/st-1/storage-pools/other/volumes", "viewer", null, null),
                404,
                "NOT_FOUND");

        JsonNode one = MAPPER.readTree(server.send("GET", POOL + "/volumes/disk1.qcow2", "viewer", null, null)
                .body());
        assertEquals("qcow2", one.get("format").asText());
        problem(server.send("GET", POOL + "/volumes/nope", "viewer", null, null), 404, "NOT_FOUND");
        problem(server.send("GET", POOL + "/volumes", "nobody", null, null), 403, "FORBIDDEN");
    }

    @Test
    public void createTakesThePoolFromThePath() throws Exception {
        server.accepted(
                server.send(
                        "POST",
                        POOL + "/volumes",
                        "admin",
                        JSON,
                        "{\"name\":\"d2.qcow2\",\"capacityMb\":2048,\"format\":\"qcow2\"}"),
                "create-volume",
                "default/d2.qcow2");
        assertEquals(new VolumeSpec("default", "d2.qcow2", 2048, "qcow2"), lastArgument());
        server.accepted(
                server.send(
                        "POST",
                        POOL + "/volumes",
                        "admin",
                        JSON,
                        "{\"pool\":\"default\",\"name\":\"d3\",\"capacityMb\":1}"),
                "create-volume",
                "default/d3");
        assertTrue(problem(
                        server.send(
                                "POST",
                                POOL + "/volumes",
                                "admin",
                                JSON,
                                "{\"pool\":\"other\",\"name\":\"d3\",\"capacityMb\":1}"),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("'pool'"));
        problem(
                server.send("POST", POOL + "/volumes", "admin", JSON, "{\"name\":\"disk1.qcow2\",\"capacityMb\":1}"),
                409,
                "CONFLICT");
        problem(
                server.send("POST", POOL + "/volumes", "admin", JSON, "{\"name\":\"x\",\"capacityMb\":\"big\"}"),
                400,
                "INVALID_INPUT");
        problem(
                server.send("POST", POOL + "/volumes", "admin", JSON, "{\"name\":\"x\",\"sizeGb\":1}"),
                400,
                "INVALID_INPUT");
        problem(
                server.send("POST", POOL + "/volumes", "viewer", JSON, "{\"name\":\"x\",\"capacityMb\":1}"),
                403,
                "FORBIDDEN");
    }

    @Test
    public void cloneResizeDeleteAndImport() throws Exception {
        server.accepted(
                server.send("POST", POOL + "/volumes/disk1.qcow2/clone", "admin", JSON, "{\"name\":\"copy.qcow2\"}"),
                "clone-volume",
                "default/copy.qcow2");
        assertEquals(
                "field 'name' is required",
                problem(
                                server.send("POST", POOL + "/volumes/disk1.qcow2/clone", "admin", JSON, "{}"),
                                400,
                                "INVALID_INPUT")
                        .get("detail")
                        .asText());
        problem(server.send("POST", POOL + "/volumes/nope/clone", "admin", JSON, "{\"name\":\"c\"}"), 404, "NOT_FOUND");

        server.accepted(
                server.send("PUT", POOL + "/volumes/disk1.qcow2/size", "admin", JSON, "{\"capacityMb\":4096}"),
                "resize-volume",
                "default/disk1.qcow2");
        assertEquals(4096L, lastArgument());
        problem(
                server.send("PUT", POOL + "/volumes/disk1.qcow2/size", "admin", JSON, "{\"capacityMb\":10}"),
                409,
                "CONFLICT");
        problem(server.send("PUT", POOL + "/volumes/disk1.qcow2/size", "admin", JSON, "{}"), 400, "INVALID_INPUT");

        HttpResponse<String> waited = server.send("DELETE", POOL + "/volumes/disk1.qcow2?wait=5", "admin", null, null);
        assertEquals(waited.body(), 200, waited.statusCode());
        assertEquals("SUCCEEDED", MAPPER.readTree(waited.body()).get("state").asText());

        server.accepted(
                server.send(
                        "POST",
                        POOL + "/imports",
                        "admin",
                        JSON,
                        "{\"name\":\"w2k.qcow2\",\"sourcePath\":\"/import/w2k.vmdk\",\"sourceFormat\":\"vmdk\"}"),
                "import-volume",
                "default/w2k.qcow2");
        assertEquals(new VolumeImport("default", "w2k.qcow2", "/import/w2k.vmdk", "vmdk", null), lastArgument());
        problem(
                server.send("POST", POOL + "/imports", "admin", JSON, "{\"pool\":\"x\",\"name\":\"a\"}"),
                400,
                "INVALID_INPUT");
        problem(
                server.send("POST", "/api/v1/hosts/st-1/storage-pools/zz/imports", "admin", JSON, "{\"name\":\"a\"}"),
                404,
                "NOT_FOUND");
        problem(server.send("DELETE", POOL + "/volumes/disk1.qcow2", "viewer", null, null), 403, "FORBIDDEN");
    }
}
