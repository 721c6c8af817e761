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

/**
 * The datacenter layer's routes (/clusters..., /tenants..., /placement/explain, /pools/tree, /pools/{id}/usage) and
 * VM creation without a host, over real HTTP: status codes, Location, problem bodies, and 503 while the layer is not
 * running.
 */
public class DatacenterRestHttpTest {
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

    private static JsonNode ok(HttpResponse<String> response, int status) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        return MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        return server.send(method, "/api/v1" + path, user, body == null ? null : JSON, body);
    }

    /** Creates a cluster in dc-1 and returns its id. */
    private static String cluster(String name) throws Exception {
        HttpResponse<String> created =
                send("POST", "/clusters", "admin", "{\"datacenterId\":\"dc-1\",\"name\":\"" + name + "\"}");
        JsonNode cluster = ok(created, 201);
        assertEquals(
                server.base + "/api/v1/clusters/" + cluster.get("id").asText(),
                created.headers().firstValue("Location").orElseThrow());
        return cluster.get("id").asText();
    }

    @Test
    public void clustersAreCreatedReadChangedAndDeleted() throws Exception {
        String id = cluster("Rack A");
        JsonNode got = ok(send("GET", "/clusters/" + id, "viewer", null), 200);
        assertEquals("Rack A", got.get("name").asText());
        assertEquals("balanced", got.get("policy").asText());
        assertEquals(3, got.get("balancingLevel").asInt());
        assertEquals(4.0, got.get("cpuOvercommit").asDouble(), 0);
        assertEquals("2024-05-01T10:00:00Z", got.get("created").asText());

        JsonNode page = ok(send("GET", "/clusters?datacenter=dc-1&limit=500", "viewer", null), 200);
        assertTrue(page.get("total").asInt() >= 1);
        assertEquals(
                0,
                ok(send("GET", "/clusters?datacenter=dc-9", "viewer", null), 200)
                        .get("total")
                        .asInt());

        // What GET answered can be changed and sent back: its read-only fields are accepted and ignored.
        ((com.fasterxml.jackson.databind.node.ObjectNode) got).put("policy", "power-saving");
        JsonNode changed = ok(send("PUT", "/clusters/" + id, "admin", got.toString()), 200);
        assertEquals("power-saving", changed.get("policy").asText());
        assertEquals("Rack A", changed.get("name").asText());

        problem(send("PUT", "/clusters/" + id, "admin", "{\"balancingLevel\":9}"), 400, "INVALID_INPUT");
        problem(send("PUT", "/clusters/" + id, "admin", "{\"nmae\":\"x\"}"), 400, "INVALID_INPUT");
        problem(send("PUT", "/clusters/" + id, "admin", "{\"datacenterId\":\"dc-2\"}"), 400, "INVALID_INPUT");
        problem(send("PUT", "/clusters/nope", "admin", "{\"name\":\"x\"}"), 404, "NOT_FOUND");
        problem(send("PUT", "/clusters/" + id, "viewer", "{\"name\":\"x\"}"), 403, "FORBIDDEN");

        assertEquals(204, send("DELETE", "/clusters/" + id, "admin", null).statusCode());
        problem(send("GET", "/clusters/" + id, "viewer", null), 404, "NOT_FOUND");
        problem(send("DELETE", "/clusters/" + id, "admin", null), 404, "NOT_FOUND");
    }

    @Test
    public void creatingAClusterChecksItsDatacenterAndName() throws Exception {
        problem(send("POST", "/clusters", "admin", "{\"name\":\"x\"}"), 400, "INVALID_INPUT");
        problem(send("POST", "/clusters", "admin", "{\"datacenterId\":\"dc-9\",\"name\":\"x\"}"), 404, "NOT_FOUND");
        problem(send("POST", "/clusters", "admin", "null"), 400, "INVALID_INPUT");
        problem(server.send("POST", "/api/v1/clusters", "admin", "text/plain", "name=x"), 415, "INVALID_INPUT");
        cluster("Twice");
        JsonNode twice = problem(
                send("POST", "/clusters", "admin", "{\"datacenterId\":\"dc-1\",\"name\":\"Twice\"}"), 409, "CONFLICT");
        assertTrue(twice.get("detail").asText().contains("Twice"));
        problem(send("POST", "/clusters", "viewer", "{\"datacenterId\":\"dc-1\",\"name\":\"v\"}"), 403, "FORBIDDEN");
        problem(send("GET", "/clusters?datacentre=dc-1", "viewer", null), 400, "INVALID_INPUT");
    }

    @Test
    public void hostsJoinAClusterWithLabelsAndGoIntoMaintenance() throws Exception {
        String id = cluster("Rack B");
        HttpResponse<String> added = send(
                "POST", "/clusters/" + id + "/hosts", "admin", "{\"hostId\":\"h-2\",\"labels\":{\"rack\":\"r1\"}}");
        JsonNode member = ok(added, 201);
        assertEquals(
                server.base + "/api/v1/clusters/" + id + "/hosts/h-2",
                added.headers().firstValue("Location").orElseThrow());
        assertEquals("none", member.get("maintenance").asText());
        assertEquals("r1", member.at("/labels/rack").asText());

        problem(send("POST", "/clusters/" + id + "/hosts", "admin", "{\"hostId\":\"h-2\"}"), 409, "CONFLICT");
        problem(send("POST", "/clusters/" + id + "/hosts", "admin", "{\"hostId\":\"h-3\"}"), 400, "INVALID_INPUT");
        problem(send("POST", "/clusters/" + id + "/hosts", "admin", "{\"hostId\":\" \"}"), 400, "INVALID_INPUT");
        problem(send("POST", "/clusters/" + id + "/hosts", "admin", "{\"labels\":{}}"), 400, "INVALID_INPUT");
        problem(send("POST", "/clusters/nope/hosts", "admin", "{\"hostId\":\"h-1\"}"), 404, "NOT_FOUND");

        JsonNode hosts = ok(send("GET", "/clusters/" + id + "/hosts", "viewer", null), 200);
        assertEquals(1, hosts.size());
        assertEquals("h-2", hosts.at("/0/hostId").asText());
        assertEquals(
                "h-2",
                ok(send("GET", "/clusters/" + id + "/hosts/h-2", "viewer", null), 200)
                        .get("hostId")
                        .asText());
        problem(send("GET", "/clusters/" + id + "/hosts/h-1", "viewer", null), 404, "NOT_FOUND");
        problem(send("GET", "/clusters/nope/hosts/h-2", "viewer", null), 404, "NOT_FOUND");

        JsonNode relabelled = ok(
                send("PUT", "/clusters/" + id + "/hosts/h-2/labels", "admin", "{\"rack\":\"r2\",\"ssd\":\"true\"}"),
                200);
        assertEquals("r2", relabelled.at("/labels/rack").asText());
        assertEquals("true", relabelled.at("/labels/ssd").asText());
        problem(
                send("PUT", "/clusters/" + id + "/hosts/h-2/labels", "admin", "{\"-bad\":\"x\"}"),
                400,
                "INVALID_INPUT");
        problem(send("PUT", "/clusters/" + id + "/hosts/h-2/labels", "admin", "[\"rack\"]"), 400, "INVALID_INPUT");

        JsonNode task = server.accepted(
                send("POST", "/clusters/" + id + "/hosts/h-2/maintenance", "admin", null), "host.maintenance", "h-2");
        assertEquals("maintenance", task.get("targetType").asText());
        assertEquals(
                "entering",
                ok(send("GET", "/clusters/" + id + "/hosts/h-2", "viewer", null), 200)
                        .get("maintenance")
                        .asText());
        // A host in maintenance keeps VMs of the cluster: it cannot leave, nor can its cluster go.
        problem(send("DELETE", "/clusters/" + id + "/hosts/h-2", "admin", null), 409, "CONFLICT");
        problem(send("DELETE", "/clusters/" + id, "admin", null), 409, "CONFLICT");
        problem(send("POST", "/clusters/" + id + "/hosts/h-1/maintenance", "admin", null), 404, "NOT_FOUND");
        problem(send("POST", "/clusters/" + id + "/hosts/h-2/maintenance", "viewer", null), 403, "FORBIDDEN");

        JsonNode finished = ok(send("POST", "/clusters/" + id + "/hosts/h-2/maintenance?wait=5", "admin", null), 200);
        assertEquals("SUCCEEDED", finished.get("state").asText());

        assertEquals(
                "none",
                ok(send("DELETE", "/clusters/" + id + "/hosts/h-2/maintenance", "admin", null), 200)
                        .get("maintenance")
                        .asText());
        assertEquals(
                204,
                send("DELETE", "/clusters/" + id + "/hosts/h-2", "admin", null).statusCode());
        assertEquals(204, send("DELETE", "/clusters/" + id, "admin", null).statusCode());
    }

    @Test
    public void tenantsAndTheirUsage() throws Exception {
        HttpResponse<String> created = send(
                "POST",
                "/tenants",
                "admin",
                "{\"name\":\"globex\",\"quota\":{\"vms\":10,\"cpus\":40,\"memoryMb\":65536}}");
        JsonNode tenant = ok(created, 201);
        String id = tenant.get("id").asText();
        assertEquals(
                server.base + "/api/v1/tenants/" + id,
                created.headers().firstValue("Location").orElseThrow());
        assertEquals(10, tenant.at("/quota/vms").asInt());
        assertTrue(tenant.at("/quota/storageGb").isNull());

        problem(send("POST", "/tenants", "admin", "{\"name\":\"globex\"}"), 409, "CONFLICT");
        problem(send("POST", "/tenants", "admin", "{\"name\":\"Globex\"}"), 400, "INVALID_INPUT");
        problem(send("POST", "/tenants", "admin", "{\"name\":\"g\",\"quota\":{\"vms\":-1}}"), 400, "INVALID_INPUT");
        problem(send("POST", "/tenants", "admin", "{\"name\":\"g\",\"quota\":{\"ram\":1}}"), 400, "INVALID_INPUT");

        // A fetched tenant can be changed and sent back.
        JsonNode got = ok(send("GET", "/tenants/" + id, "viewer", null), 200);
        ((com.fasterxml.jackson.databind.node.ObjectNode) got).put("description", "Globex Corp.");
        JsonNode changed = ok(send("PUT", "/tenants/" + id, "admin", got.toString()), 200);
        assertEquals("Globex Corp.", changed.get("description").asText());
        assertEquals(10, changed.at("/quota/vms").asInt());

        JsonNode usage = ok(send("GET", "/tenants/t-1/usage", "viewer", null), 200);
        assertEquals("t-1", usage.get("tenantId").asText());
        assertEquals(4, usage.get("cpus").asInt());
        assertEquals(20, usage.at("/quota/vms").asInt());
        problem(send("GET", "/tenants/nope/usage", "viewer", null), 404, "NOT_FOUND");

        assertTrue(ok(send("GET", "/tenants?limit=1", "viewer", null), 200)
                        .get("total")
                        .asInt()
                >= 2);
        JsonNode owner = problem(send("DELETE", "/tenants/t-1", "admin", null), 409, "CONFLICT");
        assertTrue(owner.get("detail").asText().contains("acme"));
        assertEquals(204, send("DELETE", "/tenants/" + id, "admin", null).statusCode());
        problem(send("GET", "/tenants/" + id, "viewer", null), 404, "NOT_FOUND");
    }

    @Test
    public void poolTreeAndUsage() throws Exception {
        JsonNode tree = ok(send("GET", "/pools/tree?datacenter=dc-1", "viewer", null), 200);
        assertEquals(1, tree.size());
        assertEquals("p-1", tree.at("/0/poolId").asText());
        assertEquals(16, tree.at("/0/cpu/reserved").asInt());
        assertTrue(tree.at("/0/cpu/limit").isNumber());
        assertTrue(tree.at("/0/memoryMb/limit").isNull());
        assertEquals("p-2", tree.at("/0/children/0/poolId").asText());

        ok(send("GET", "/pools/tree?datacenter=%20dc-1%20", "viewer", null), 200);
        problem(send("GET", "/pools/tree", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/pools/tree?datacenter=", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/pools/tree?datacenter=dc-9", "viewer", null), 404, "NOT_FOUND");

        JsonNode usage = ok(send("GET", "/pools/p-2/usage", "viewer", null), 200);
        assertEquals("p-1", usage.get("parentId").asText());
        assertEquals(20480, usage.at("/memoryMb/available").asInt());
        problem(send("GET", "/pools/nope/usage", "viewer", null), 404, "NOT_FOUND");
    }

    @Test
    public void placementExplainsWhatItWouldChoose() throws Exception {
        JsonNode why = ok(send("GET", "/placement/explain?pool=p-1&cpus=2&memoryMb=2048", "viewer", null), 200);
        assertEquals("h-1", why.get("chosenHostId").asText());
        assertEquals(2, why.get("cpus").asInt());
        assertEquals(2048, why.get("memoryMb").asInt());
        assertEquals(1, why.at("/hosts/0/rank").asInt());
        assertEquals(0.75, why.at("/hosts/0/weights/cpu-headroom").asDouble(), 0);
        assertFalse(why.at("/hosts/1/possible").asBoolean());
        assertTrue(why.at("/hosts/1/refusals/0").asText().startsWith("maintenance:"));

        JsonNode labelled =
                ok(send("GET", "/placement/explain?pool=p-1&label=gpu=true&label=rack=r1&label=", "viewer", null), 200);
        assertTrue(labelled.get("chosenHostId").isNull());
        assertEquals(2, labelled.at("/hosts/0/refusals").size());

        problem(send("GET", "/placement/explain", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/placement/explain?pool=p-1&label=gpu", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/placement/explain?pool=p-1&label==x", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/placement/explain?pool=p-1&cpus=0", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/placement/explain?pool=p-1&cpus=4097", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/placement/explain?pool=p-1&memoryMb=x", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/placement/explain?pool=nope", "viewer", null), 404, "NOT_FOUND");
    }

    @Test
    public void aVmWithoutAHostGoesWherePlacementPutsItInItsPool() throws Exception {
        String spec = "\"spec\":{\"name\":\"placed\",\"cpus\":1,\"memoryMb\":64}";
        JsonNode task =
                server.accepted(send("POST", "/vms", "admin", "{\"poolId\":\"p-1\"," + spec + "}"), "create", "placed");
        assertEquals("QUEUED", task.get("state").asText());
        List<?> args = (List<?>) ((List<?>) server.vms.calls.last()).get(3);
        assertEquals("h-1", args.get(0));
        assertEquals("p-1", args.get(2));
        // A blank host is none, as core reads it.
        server.accepted(
                send("POST", "/vms", "admin", "{\"hostId\":\" \",\"poolId\":\"p-1\"," + spec + "}"),
                "create",
                "placed");
        JsonNode nowhere = problem(send("POST", "/vms", "admin", "{" + spec + "}"), 400, "INVALID_INPUT");
        assertTrue(nowhere.get("detail").asText().contains("pool"));
        // The document's example creates a VM the same way: a pool, no host.
        JsonNode example = MAPPER.readTree(
                        send("GET", "/openapi.json", "viewer", null).body())
                .at("/paths/~1vms/post/requestBody/content/application~1json/example");
        assertTrue(example.has("poolId"));
        assertFalse(example.has("hostId"));
    }

    @Test
    public void powerManagementAnswersItsReportAndProblems() throws Exception {
        JsonNode report = ok(send("GET", "/clusters/c-1/power", "viewer", null), 200);
        assertEquals("none", report.get("action").asText());
        assertEquals(
                "it has no BMC", report.get("excluded").get(0).get("reason").asText());
        problem(send("GET", "/clusters/nope/power", "viewer", null), 404, "NOT_FOUND");
        problem(send("POST", "/clusters/c-1/power/apply", "viewer", null), 403, "FORBIDDEN");
        problem(send("POST", "/hosts/h-1/standby/exit", "admin", null), 409, "CONFLICT");
    }

    /** As Blueprint's proxies answer while the feature strata-datacenter is not running: 503, and nothing else. */
    @Test
    public void everyRouteOfTheLayerIs503WhileItIsNotRunning() throws Exception {
        server.datacenterLayerRunning = false;
        try {
            for (String[] route : List.of(
                    new String[] {"GET", "/clusters", null},
                    new String[] {"POST", "/clusters", "{\"datacenterId\":\"dc-1\",\"name\":\"x\"}"},
                    new String[] {"GET", "/clusters/c-1", null},
                    new String[] {"PUT", "/clusters/c-1", "{\"name\":\"x\"}"},
                    new String[] {"DELETE", "/clusters/c-1", null},
                    new String[] {"GET", "/clusters/c-1/hosts", null},
                    new String[] {"POST", "/clusters/c-1/hosts", "{\"hostId\":\"h-1\"}"},
                    new String[] {"GET", "/clusters/c-1/hosts/h-1", null},
                    new String[] {"PUT", "/clusters/c-1/hosts/h-1/labels", "{}"},
                    new String[] {"DELETE", "/clusters/c-1/hosts/h-1", null},
                    new String[] {"POST", "/clusters/c-1/hosts/h-1/maintenance", null},
                    new String[] {"DELETE", "/clusters/c-1/hosts/h-1/maintenance", null},
                    new String[] {"GET", "/tenants", null},
                    new String[] {"POST", "/tenants", "{\"name\":\"x\"}"},
                    new String[] {"GET", "/tenants/t-1", null},
                    new String[] {"PUT", "/tenants/t-1", "{\"name\":\"x\"}"},
                    new String[] {"DELETE", "/tenants/t-1", null},
                    new String[] {"GET", "/tenants/t-1/usage", null},
                    new String[] {"GET", "/pools/tree?datacenter=dc-1", null},
                    new String[] {"GET", "/pools/p-1/usage", null},
                    new String[] {"GET", "/placement/explain?pool=p-1", null},
                    new String[] {"GET", "/clusters/c-1/power", null},
                    new String[] {"POST", "/clusters/c-1/power/apply", null},
                    new String[] {"POST", "/hosts/h-1/standby/exit", null})) {
                JsonNode body = problem(send(route[0], route[1], "admin", route[2]), 503, "UNAVAILABLE");
                assertTrue(route[1], body.get("detail").asText().contains("strata-datacenter"));
            }
            // The rest of the API does not need the layer.
            ok(send("GET", "/vms", "viewer", null), 200);
            ok(send("GET", "/pools", "viewer", null), 200);
        } finally {
            server.datacenterLayerRunning = true;
        }
        ok(send("GET", "/clusters", "viewer", null), 200);
    }
}
