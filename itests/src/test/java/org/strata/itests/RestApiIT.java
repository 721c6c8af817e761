package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The REST API of the real distribution, over HTTP, with the demo datacenter it seeds at first start. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RestApiIT extends StrataTestSupport {

    @Before
    public void ready() throws Exception {
        awaitPlatformReady();
    }

    @Test
    public void everyEndpointRequiresAuthentication() throws Exception {
        for (String path : new String[] {"/api/v1/hosts", "/api/v1/drivers", "/api/v1/openapi.json"}) {
            HttpResponse<String> anonymous =
                    send(request(path, null, null).GET().build());
            assertEquals(path, 401, anonymous.statusCode());
            assertTrue(anonymous
                    .headers()
                    .firstValue("WWW-Authenticate")
                    .orElse("")
                    .startsWith("Basic"));
            assertProblem(anonymous, 401);
            HttpResponse<String> wrong =
                    send(request(path, ADMIN, "wrong").GET().build());
            assertEquals(path, 401, wrong.statusCode());
        }
    }

    @Test
    public void aViewerMayReadButNotWrite() throws Exception {
        assertEquals(
                200,
                send(request("/api/v1/datacenters", VIEWER, VIEWER_PASSWORD)
                                .GET()
                                .build())
                        .statusCode());
        HttpResponse<String> write = send(request("/api/v1/datacenters", VIEWER, VIEWER_PASSWORD)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"viewer-dc\"}"))
                .build());
        assertEquals(403, write.statusCode());
        assertProblem(write, 403);
    }

    @Test
    public void demoDatacenterIsThereWithItsHostAndVms() throws Exception {
        JsonNode drivers = parse(get("/api/v1/drivers"));
        assertEquals("demo", drivers.get(0).path("id").asText());
        assertEquals("HYPERVISOR", drivers.get(0).path("kind").asText());

        JsonNode hosts = parse(get("/api/v1/hosts"));
        assertTrue(hosts.path("total").asLong() >= 1);
        JsonNode demo = host(hosts, "demo-host");
        assertEquals("AVAILABLE", demo.path("state").asText());
        assertFalse("the password is never returned", demo.has("password"));

        JsonNode vms = parse(get("/api/v1/hosts/" + demo.path("id").asText() + "/vms"));
        assertTrue(vms.isArray());
        assertTrue(vms.toString(), vms.findValuesAsText("name").contains("test"));
    }

    @Test
    public void theDemoStorageHostMakesAndDeletesVolumes() throws Exception {
        String storage =
                host(parse(get("/api/v1/hosts")), "demo-storage").path("id").asText();
        String pools = get("/api/v1/hosts/" + storage + "/storage-pools").body();
        assertTrue(pools, pools.contains("default-pool"));
        String volumes = "/api/v1/hosts/" + storage + "/storage-pools/default-pool/volumes";

        HttpResponse<String> created =
                post(volumes + "?wait=30", "{\"name\":\"it-disk.qcow2\",\"capacityMb\":64,\"format\":\"qcow2\"}");
        assertEquals(created.body(), 200, created.statusCode());
        assertEquals(created.body(), "SUCCEEDED", parse(created).path("state").asText());
        JsonNode volume = parse(get(volumes + "/it-disk.qcow2"));
        assertEquals(64L << 20, volume.path("capacityBytes").asLong());

        HttpResponse<String> shrink = send(request(volumes + "/it-disk.qcow2/size?wait=30", ADMIN, ADMIN_PASSWORD)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"capacityMb\":1}"))
                .build());
        assertEquals(shrink.body(), "FAILED", parse(shrink).path("state").asText());
        assertEquals(
                "volumes only grow", "CONFLICT", parse(shrink).path("errorCode").asText());

        HttpResponse<String> deleted = delete(volumes + "/it-disk.qcow2?wait=30");
        assertEquals(deleted.body(), "SUCCEEDED", parse(deleted).path("state").asText());
        assertEquals(404, get(volumes + "/it-disk.qcow2").statusCode());
    }

    @Test
    public void powerOperationsRunAsTasks() throws Exception {
        String hostId =
                host(parse(get("/api/v1/hosts")), "demo-host").path("id").asText();
        JsonNode vm = parse(get("/api/v1/hosts/" + hostId + "/vms")).get(0);
        String vmId = vm.path("id").asText();
        String off = vm.path("state").asText().equals("RUNNING") ? "poweroff" : "start";
        String on = off.equals("poweroff") ? "start" : "poweroff";

        for (String operation : new String[] {off, on}) {
            HttpResponse<String> accepted = post("/api/v1/hosts/" + hostId + "/vms/" + vmId + "/" + operation, "");
            assertEquals(accepted.body(), 202, accepted.statusCode());
            JsonNode task = awaitTask(parse(accepted).path("id").asText());
            assertEquals(task.toString(), "SUCCEEDED", task.path("state").asText());
            assertEquals(100, task.path("progress").asInt());
            assertEquals(
                    operation.equals("start") ? "RUNNING" : "STOPPED",
                    task.path("result").asText());
        }
        HttpResponse<String> lateCancel = post(
                "/api/v1/tasks/"
                        + parse(get("/api/v1/tasks?limit=1"))
                                .path("items")
                                .get(0)
                                .path("id")
                                .asText() + "/cancel",
                "");
        assertEquals("a finished task cannot be cancelled", 409, lateCancel.statusCode());
        assertProblem(lateCancel, 409);
        HttpResponse<String> listed = get("/api/v1/tasks?limit=5");
        assertEquals(200, listed.statusCode());
        assertTrue(parse(listed).path("total").asLong() >= 2);
    }

    @Test
    public void createWritesOneHistoryEntry() throws Exception {
        long historyBefore = parse(get("/api/v1/history?limit=1")).path("total").asLong();
        HttpResponse<String> created = post("/api/v1/datacenters", "{\"name\":\"Lab 7\",\"description\":\"IT\"}");
        assertEquals(created.body(), 201, created.statusCode());
        String id = parse(created).path("id").asText();
        assertTrue(created.headers().firstValue("Location").orElse("").endsWith("/datacenters/" + id));

        JsonNode history = parse(get("/api/v1/history?entityType=datacenter&entityId=" + id));
        assertEquals(1, history.path("total").asLong());
        JsonNode entry = history.path("items").get(0);
        assertEquals("CREATE", entry.path("action").asText());
        assertEquals(ADMIN, entry.path("principal").asText());
        assertEquals(
                historyBefore + 1,
                parse(get("/api/v1/history?limit=1")).path("total").asLong());

        assertEquals(204, delete("/api/v1/datacenters/" + id).statusCode());
        assertEquals(404, get("/api/v1/datacenters/" + id).statusCode());
    }

    @Test
    public void badInputGets400AndChangesNothing() throws Exception {
        long datacenters = parse(get("/api/v1/datacenters")).path("total").asLong();
        long history = parse(get("/api/v1/history?limit=1")).path("total").asLong();

        String[] badBodies = {"{\"name\":", "{\"name\":\"x\",\"colour\":\"blue\"}", "{\"name\":\"\"}", "[]", ""};
        for (String body : badBodies) {
            HttpResponse<String> response = post("/api/v1/datacenters", body);
            assertEquals(body + " -> " + response.body(), 400, response.statusCode());
            assertProblem(response, 400);
        }
        HttpResponse<String> badLimit = get("/api/v1/hosts?limit=abc");
        assertEquals(400, badLimit.statusCode());
        assertProblem(badLimit, 400);
        assertEquals(400, get("/api/v1/hosts?limit=100000").statusCode());

        JsonNode dc = host(parse(get("/api/v1/hosts")), "demo-host");
        HttpResponse<String> badDriver = post(
                "/api/v1/hosts",
                "{\"name\":\"h-bad\",\"datacenterId\":\""
                        + dc.path("datacenterId").asText() + "\",\"driverId\":\"no-such\",\"address\":\"x\"}");
        assertEquals(400, badDriver.statusCode());
        assertTrue(parse(badDriver).path("detail").asText().contains("no-such"));

        assertEquals(
                datacenters, parse(get("/api/v1/datacenters")).path("total").asLong());
        assertEquals(
                history, parse(get("/api/v1/history?limit=1")).path("total").asLong());
    }

    @Test
    public void unknownIdsAre404Problems() throws Exception {
        HttpResponse<String> missing = get("/api/v1/hosts/00000000-0000-0000-0000-000000000000");
        assertEquals(404, missing.statusCode());
        JsonNode problem = assertProblem(missing, 404);
        assertEquals("NOT_FOUND", problem.path("code").asText());
        assertEquals(404, get("/api/v1/no-such-resource").statusCode());
    }

    @Test
    public void openApiDocumentIsServed() throws Exception {
        HttpResponse<String> doc = get("/api/v1/openapi.json");
        assertEquals(200, doc.statusCode());
        JsonNode root = parse(doc);
        assertNotNull(root.get("openapi"));
        assertTrue(root.path("paths").has("/hosts"));
    }

    static JsonNode host(JsonNode page, String name) {
        for (JsonNode h : page.path("items")) {
            if (name.equals(h.path("name").asText())) {
                return h;
            }
        }
        throw new AssertionError("no host " + name + " in " + page);
    }

    JsonNode assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        JsonNode problem = parse(response);
        assertEquals(status, problem.path("status").asInt());
        assertFalse(problem.path("detail").asText().isEmpty());
        assertFalse(
                "no stack trace",
                response.body().contains("\tat ") || response.body().contains("Exception"));
        return problem;
    }
}
