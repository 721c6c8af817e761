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

/**
 * Request values over real HTTP, as openapi.json constrains them: an empty or blank required string, a malformed
 * MAC or disk target, are 400 naming the field; what the document allows (and normalizes) still works. The test
 * services check what they are given with the core's own validation.
 */
public class RequestValuesHttpTest {
    private static final String JSON = "application/json";
    private static final String SPEC = "{\"name\":\"web-9\",\"cpus\":1,\"memoryMb\":64}";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    private static String invalid(HttpResponse<String> response) throws Exception {
        return problem(response, 400, "INVALID_INPUT").get("detail").asText();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return server.send(method, "/api/v1" + path, "admin", body == null ? null : JSON, body);
    }

    @Test
    public void emptyOrBlankRequiredStringsAre400NamingTheField() throws Exception {
        int calls = server.vms.calls.size();
        for (String blank : List.of("\"\"", "\"   \"", "\"\\t\"")) {
            assertEquals("name is required", invalid(send("POST", "/datacenters", "{\"name\":" + blank + "}")));
            assertEquals(
                    "datacenterId is required",
                    invalid(send("POST", "/pools", "{\"datacenterId\":" + blank + ",\"name\":\"web\"}")));
            assertEquals(
                    "address is required",
                    invalid(send(
                            "POST",
                            "/hosts",
                            "{\"name\":\"kvm1\",\"datacenterId\":" + "\"dc-1\",\"driverId\":\"kvm\",\"address\":"
                                    + blank + "}")));
            // A blank host is none (placement chooses, since the datacenter layer), which needs a pool.
            assertEquals(
                    "a VM created without a host needs a pool (poolId) to be placed in",
                    invalid(send("POST", "/vms", "{\"hostId\":" + blank + ",\"spec\":" + SPEC + "}")));
            assertEquals(
                    "name is required",
                    invalid(send(
                            "POST",
                            "/vms",
                            "{\"hostId\":\"h-1\",\"spec\":{\"name\":" + blank + ",\"cpus\":1,\"memoryMb\":64}}")));
            assertEquals(
                    "field 'targetHostId' is required",
                    invalid(send("POST", "/vms/vm-1/migrate", "{\"targetHostId\":" + blank + "}")));
            assertEquals(
                    "field 'name' is required",
                    invalid(send(
                            "POST",
                            "/hosts/st-1/storage-pools/default/volumes/disk1.qcow2/clone",
                            "{\"name\":" + blank + "}")));
            assertEquals(
                    "field 'device' is required",
                    invalid(send("PUT", "/hosts/bm-2/boot-device", "{\"device\":" + blank + "}")));
            assertEquals(
                    "field 'imagePath' is required",
                    invalid(send("POST", "/hosts/bm-2/firmware", "{\"imagePath\":" + blank + "}")));
        }
        assertEquals("no VM work was started", calls, server.vms.calls.size());
    }

    @Test
    public void namesIdsAndAddressesFollowTheirPatterns() throws Exception {
        assertTrue(invalid(send("POST", "/datacenters", "{\"name\":\"-lab\"}")).startsWith("name '-lab' must start"));
        assertTrue(invalid(send("POST", "/datacenters", "{\"name\":\"" + "a".repeat(201) + "\"}"))
                .startsWith("name must be at most 200"));
        assertTrue(invalid(send("POST", "/pools", "{\"datacenterId\":\"dc 1\",\"name\":\"web\"}"))
                .startsWith("datacenterId is not a valid id"));
        assertEquals(
                "address must be at most 1024 printable characters",
                invalid(send(
                        "POST",
                        "/hosts",
                        "{\"name\":\"kvm1\",\"datacenterId\":\"dc-1\",\"driverId\":\"kvm\",\"address\":\"qemu:///"
                                + "x".repeat(1017) + "\"}")));
        assertTrue(invalid(send(
                        "POST",
                        "/vms",
                        "{\"hostId\":\"h-1\",\"spec\":{\"name\":\"web 1\",\"cpus\":1," + "\"memoryMb\":64}}"))
                .startsWith("name 'web 1' must be 1 to 100"));
        assertTrue(invalid(send(
                        "POST", "/hosts/st-1/storage-pools/default/volumes", "{\"name\":\"a/b\",\"capacityMb\":1}"))
                .startsWith("name 'a/b' must be 1 to 255"));
        assertTrue(invalid(send("POST", "/hosts/h-1/vms/vm%20one/start", null)).startsWith("vmId is not a valid id"));
    }

    @Test
    public void macsAndDiskTargetsFollowTheirFormats() throws Exception {
        assertTrue(invalid(send("DELETE", "/vms/vm-1/nics/52-54-00-12-34-56", null))
                .startsWith("mac must look like 52:54:00:12:34:56"));
        assertTrue(invalid(send("POST", "/vms/vm-1/nics", "{\"source\":\"default\",\"mac\":\"52:54:00:12:34\"}"))
                .startsWith("nic.mac must look like"));
        assertTrue(invalid(send("DELETE", "/vms/vm-1/disks/nvme0n1", null)).startsWith("target must look like vdb"));
        assertTrue(invalid(send("POST", "/vms/vm-1/disks", "{\"source\":\"/img\",\"target\":\"vd1\"}"))
                .startsWith("disk.target must look like"));
        assertTrue(invalid(send("POST", "/vms/vm-1/disks", "{\"source\":\"/img\",\"bus\":\"usb\"}"))
                .startsWith("disk.bus must be one of"));
    }

    /** Every operation lists 406 in openapi.json: it produces JSON only, and says so as a problem. */
    @Test
    public void anAcceptTheOperationCannotProduceIs406AsAProblem() throws Exception {
        for (String path : List.of("/datacenters", "/openapi.json", "/vms/vm-1")) {
            HttpResponse<String> response = server.client()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base + "/api/v1" + path))
                                    .header("Authorization", TestServer.basic("viewer", TestServer.PASSWORD))
                                    .header("Accept", "text/xml")
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(response.body(), 406, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertEquals(
                    "INVALID_INPUT",
                    MAPPER.readTree(response.body()).get("code").asText());
        }
    }

    /** What the document allows, with what x-normalized says the server does first. */
    @Test
    public void valuesTheDocumentAllowsStillWork() throws Exception {
        HttpResponse<String> created =
                send("POST", "/datacenters", "{\"name\":\"  Lab 7 (east)  \",\"description\":\"\"}");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode dc = MAPPER.readTree(created.body());
        assertEquals("Lab 7 (east)", dc.get("name").asText());
        // A fetched object goes back as it is: its read-only fields are accepted and ignored.
        HttpResponse<String> updated =
                send("PUT", "/datacenters/" + dc.get("id").asText(), created.body());
        assertEquals(updated.body(), 200, updated.statusCode());

        assertEquals(
                202, send("DELETE", "/vms/vm-1/nics/52:54:00:AB:CD:EF", null).statusCode());
        assertEquals("52:54:00:AB:CD:EF", ((List<?>) ((List<?>) server.vms.calls.last()).get(3)).get(0));
        assertEquals(202, send("DELETE", "/vms/vm-1/disks/VDB", null).statusCode());
        assertEquals(
                202,
                send("POST", "/vms/vm-1/disks", "{\"source\":\" /img \",\"bus\":\"SATA\",\"target\":\"sdb\"}")
                        .statusCode());
        assertEquals(
                202,
                send("POST", "/vms/vm-1/nics", "{\"source\":\"VM Network\",\"mac\":\"\",\"model\":\"e1000e\"}")
                        .statusCode());
        assertEquals(
                202,
                send("POST", "/vms", "{\"hostId\":\"h-1\",\"spec\":" + SPEC + "}")
                        .statusCode());
        assertEquals(
                202,
                send("POST", "/vms/vm-1/migrate", "{\"targetHostId\":\"h-2\"}").statusCode());
        assertEquals(
                202,
                send("PUT", "/hosts/bm-2/boot-device", "{\"device\":\"pxe\"}").statusCode());
        assertEquals(
                202,
                send(
                                "POST",
                                "/hosts/st-1/storage-pools/default/volumes",
                                "{\"name\":\"web-01.qcow2\",\"capacityMb\":1024,\"format\":\" RAW \"}")
                        .statusCode());
    }
}
