package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.element;
import static org.strata.ws.http.TestServer.envelope;
import static org.strata.ws.http.TestServer.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.datacenter.TenantSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;

/**
 * Users scoped to their tenants, over real HTTP against the real CXF endpoints: they see their tenants, pools and VMs
 * only (another tenant's answers 404, as a missing one does), change their VMs, and get 403 on infrastructure. acme
 * (t-1) has pools p-acme and its child p-acme-web; globex has p-globex; vm-1 and vm-2 are in no pool.
 */
public class TenantScopeHttpTest {
    private static final String JSON = "application/json";
    private static final String XML = "text/xml; charset=UTF-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    @ClassRule
    public static final TestServer server = new TestServer();

    private static String globex;

    @BeforeClass
    public static void tenantsWithPoolsAndVms() {
        globex = server.tenants
                .createTenant(new TenantSpec("globex", "Globex", null), "test")
                .id();
        server.inventory.addPool(pool("p-acme", null, "t-1"));
        server.inventory.addPool(pool("p-acme-web", "p-acme", "t-1"));
        server.inventory.addPool(pool("p-globex", null, globex));
        server.inventory.addPool(pool("p-platform", null, null));
        server.vms.add(vm("vm-a1", "p-acme"));
        server.vms.add(vm("vm-a2", "p-acme-web"));
        server.vms.add(vm("vm-g1", "p-globex"));
    }

    @AfterClass
    public static void removeThem() {
        List.of("vm-a1", "vm-a2", "vm-g1").forEach(server.vms::remove);
    }

    private static ResourcePool pool(String id, String parent, String tenant) {
        return new ResourcePool(id, "dc-1", parent, id, null, null, null, T0, null, tenant, 4000, 4000, 0, 0, true);
    }

    private static VirtualMachine vm(String id, String pool) {
        return new VirtualMachine(
                id, "h-2", id, VmState.STOPPED, 1, 512, id, VmSpec.of(id, 1, 512), true, T0, T0, pool);
    }

    private static HttpResponse<String> get(String path, String user) throws Exception {
        return server.send("GET", "/api/v1" + path, user, null, null);
    }

    private static List<String> ids(HttpResponse<String> page, String field) throws Exception {
        assertEquals(page.body(), 200, page.statusCode());
        List<String> ids = new ArrayList<>();
        for (JsonNode item : MAPPER.readTree(page.body()).get("items")) {
            ids.add(item.get(field).asText());
        }
        return ids;
    }

    @Test
    public void aTenantUserListsOnlyItsTenantsVmsPagedAsAWhole() throws Exception {
        assertEquals(List.of("vm-a1", "vm-a2"), ids(get("/vms", "acme-user"), "id"));
        HttpResponse<String> second = get("/vms?offset=1&limit=1", "acme-user");
        assertEquals(List.of("vm-a2"), ids(second, "id"));
        assertEquals(2, MAPPER.readTree(second.body()).get("total").asInt());
        assertEquals(List.of("vm-g1"), ids(get("/vms", "globex-user"), "id"));
        // A tenant user whose roles name no tenant sees nothing; a platform user sees everything, as before.
        assertEquals(List.of(), ids(get("/vms", "lost-user"), "id"));
        assertEquals(
                5, MAPPER.readTree(get("/vms", "viewer").body()).get("total").asInt());
        // Which host a VM runs on is infrastructure.
        problem(get("/vms?host=h-2", "acme-user"), 403, "FORBIDDEN");
    }

    @Test
    public void anotherTenantsVmAnswers404WhateverIsAsked() throws Exception {
        assertEquals(
                "vm-a1",
                MAPPER.readTree(get("/vms/vm-a1", "acme-user").body()).get("id").asText());
        problem(get("/vms/vm-a1", "globex-user"), 404, "NOT_FOUND");
        problem(get("/vms/vm-1", "acme-user"), 404, "NOT_FOUND"); // a VM in no pool is the platform's
        problem(server.send("POST", "/api/v1/vms/vm-a1/actions/start", "globex-user", null, null), 404, "NOT_FOUND");
        problem(server.send("DELETE", "/api/v1/vms/vm-a1", "globex-user", null, null), 404, "NOT_FOUND");
        problem(
                server.send(
                        "PUT",
                        "/api/v1/vms/vm-a1",
                        "globex-user",
                        JSON,
                        "{\"name\":\"vm-a1\",\"cpus\":2,\"memoryMb\":512}"),
                404,
                "NOT_FOUND");
        problem(get("/vms/vm-a1/consoles", "globex-user"), 404, "NOT_FOUND");
        problem(get("/vms/vm-a1/stats", "globex-user"), 404, "NOT_FOUND");
        // The answer is the one a VM that does not exist gets: nothing tells the two apart.
        JsonNode other = problem(get("/vms/vm-a1", "globex-user"), 404, "NOT_FOUND");
        JsonNode missing = problem(get("/vms/vm-zz", "globex-user"), 404, "NOT_FOUND");
        assertEquals(
                missing.get("detail").asText().replace("vm-zz", "X"),
                other.get("detail").asText().replace("vm-a1", "X"));
    }

    @Test
    public void aTenantUserCreatesInItsPoolWithoutAHostAndActsOnItsVms() throws Exception {
        String spec = "\"spec\":{\"name\":\"t1\",\"cpus\":1,\"memoryMb\":256}";
        JsonNode task = server.accepted(
                server.send("POST", "/api/v1/vms", "acme-user", JSON, "{\"poolId\":\"p-acme-web\"," + spec + "}"),
                "create");
        assertEquals("acme-user", task.get("principal").asText());
        assertTrue(problem(
                        server.send(
                                "POST",
                                "/api/v1/vms",
                                "acme-user",
                                JSON,
                                "{\"hostId\":\"h-1\",\"poolId\":\"p-acme\"," + spec + "}"),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("names a pool only"));
        problem(
                server.send("POST", "/api/v1/vms", "acme-user", JSON, "{\"poolId\":\"p-globex\"," + spec + "}"),
                404,
                "NOT_FOUND");
        problem(server.send("POST", "/api/v1/vms", "acme-user", JSON, "{" + spec + "}"), 400, "INVALID_INPUT");
        JsonNode start = server.accepted(
                server.send("POST", "/api/v1/vms/vm-a1/actions/start", "acme-user", null, null), "start", "vm-a1");
        // Its own tasks, and those about its tenant's VMs, are visible; another tenant's user gets 404.
        String startTask = start.get("id").asText();
        assertEquals(200, get("/tasks/" + startTask, "acme-admin").statusCode());
        assertEquals(200, get("/tasks/" + task.get("id").asText(), "acme-user").statusCode());
        problem(get("/tasks/" + startTask, "globex-user"), 404, "NOT_FOUND");
        problem(
                server.send("POST", "/api/v1/tasks/" + startTask + "/cancel", "globex-user", null, null),
                404,
                "NOT_FOUND");
        problem(get("/tasks", "acme-user"), 403, "FORBIDDEN");
        // Migration chooses hosts: platform only.
        problem(
                server.send("POST", "/api/v1/vms/vm-a1/migrate", "acme-user", JSON, "{\"targetHostId\":\"h-1\"}"),
                403,
                "FORBIDDEN");
    }

    @Test
    public void infrastructureIs403NamingThePlatformRoles() throws Exception {
        for (String path : List.of(
                "/hosts",
                "/clusters",
                "/datacenters",
                "/drivers",
                "/hardware/power-states",
                "/history",
                "/placement/explain?pool=p-acme",
                "/hosts/h-1/stats")) {
            assertTrue(
                    path,
                    problem(get(path, "acme-user"), 403, "FORBIDDEN")
                            .get("detail")
                            .asText()
                            .contains("platform role (admin, operator or viewer)"));
        }
        assertEquals(200, get("/hosts", "viewer").statusCode());
    }

    @Test
    public void poolsAreThoseOfItsTenantsAndOnlyATenantAdminChangesThem() throws Exception {
        assertEquals(List.of("p-acme", "p-acme-web"), ids(get("/pools", "acme-user"), "id"));
        assertEquals(List.of("p-globex"), ids(get("/pools", "globex-user"), "id"));
        problem(get("/pools/p-globex", "acme-user"), 404, "NOT_FOUND");
        problem(get("/pools/p-platform", "acme-user"), 404, "NOT_FOUND");
        problem(get("/pools/p-globex/usage", "acme-user"), 404, "NOT_FOUND");
        String child = "{\"datacenterId\":\"dc-1\",\"parentId\":\"p-acme\",\"name\":\"x\"}";
        problem(server.send("POST", "/api/v1/pools", "acme-user", JSON, child), 403, "FORBIDDEN");
        problem(
                server.send("POST", "/api/v1/pools", "acme-admin", JSON, child.replace("p-acme", "p-globex")),
                404,
                "NOT_FOUND");
        assertTrue(problem(
                        server.send(
                                "POST",
                                "/api/v1/pools",
                                "acme-admin",
                                JSON,
                                "{\"datacenterId\":\"dc-1\",\"name\":\"top\"}"),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("under a pool of its tenant"));
        problem(server.send("DELETE", "/api/v1/pools/p-globex", "acme-admin", null, null), 404, "NOT_FOUND");
        problem(server.send("DELETE", "/api/v1/pools/p-acme-web", "acme-user", null, null), 403, "FORBIDDEN");
    }

    @Test
    public void tenantsAreItsOwnAndQuotasThePlatforms() throws Exception {
        assertEquals(List.of("acme"), ids(get("/tenants", "acme-user"), "name"));
        assertEquals(List.of(), ids(get("/tenants", "lost-user"), "name"));
        assertEquals(200, get("/tenants/t-1", "acme-user").statusCode());
        problem(get("/tenants/" + globex, "acme-user"), 404, "NOT_FOUND");
        problem(get("/tenants/" + globex + "/usage", "acme-user"), 404, "NOT_FOUND");
        problem(server.send("PUT", "/api/v1/tenants/t-1", "acme-admin", JSON, "{\"name\":\"acme\"}"), 403, "FORBIDDEN");
        problem(server.send("POST", "/api/v1/tenants", "acme-admin", JSON, "{\"name\":\"other\"}"), 403, "FORBIDDEN");
        problem(server.send("DELETE", "/api/v1/tenants/t-1", "acme-admin", null, null), 403, "FORBIDDEN");
    }

    @Test
    public void eventsAreThoseOfItsVmsNamedAsSubject() throws Exception {
        problem(get("/events", "acme-user"), 403, "FORBIDDEN");
        assertEquals(200, get("/events?subject=vm-a1", "acme-user").statusCode());
        problem(get("/events?subject=vm-a1", "globex-user"), 404, "NOT_FOUND");
    }

    @Test
    public void soapScopesVmsAndTasksAndRefusesTheOtherServices() throws Exception {
        HttpResponse<String> list = server.send("POST", "/soap/vms", "acme-user", XML, envelope("<s:listVms/>"));
        assertEquals(list.body(), 200, list.statusCode());
        assertEquals("2", element(list.body(), "total"));
        HttpResponse<String> other =
                server.send("POST", "/soap/vms", "globex-user", XML, envelope("<s:getVm><s:id>vm-a1</s:id></s:getVm>"));
        assertEquals("NOT_FOUND", element(other.body(), "code"));
        HttpResponse<String> act = server.send(
                "POST",
                "/soap/vms",
                "globex-user",
                XML,
                envelope("<s:vmAction><s:id>vm-a1</s:id><s:action>start</s:action></s:vmAction>"));
        assertEquals("NOT_FOUND", element(act.body(), "code"));
        HttpResponse<String> placed = server.send(
                "POST",
                "/soap/vms",
                "acme-user",
                XML,
                envelope("<s:createVm><s:hostId>h-1</s:hostId><s:spec><s:name>s1</s:name><s:cpus>1</s:cpus>"
                        + "<s:memoryMb>256</s:memoryMb></s:spec><s:poolId>p-acme</s:poolId></s:createVm>"));
        assertEquals("INVALID_INPUT", element(placed.body(), "code"));
        assertEquals(
                403,
                server.send("POST", "/soap/inventory", "acme-user", XML, envelope("<s:listHosts/>"))
                        .statusCode());
    }

    private static HttpResponse<String> soap(String user, String body) throws Exception {
        return server.send("POST", "/soap/datacenter", user, XML, envelope(body));
    }

    /** The fault's code, from an answer HTTP 500 carries (a SOAP fault), not a bare HTTP refusal. */
    private static String fault(HttpResponse<String> answer) {
        assertEquals(answer.body(), 500, answer.statusCode());
        return element(answer.body(), "code");
    }

    private static List<String> elements(String xml, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<(?:\\w+:)?" + name + ">([^<]*)</")
                .matcher(xml);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    public void soapDatacenterShowsItsTenantsAndPoolsAndRefusesInfrastructurePerOperation() throws Exception {
        // The allocation fake's pools p-1 "prod" and its child p-2 are acme's (t-1) for this test.
        server.inventory.addPool(pool("p-1", null, "t-1"));
        server.inventory.addPool(pool("p-2", "p-1", "t-1"));
        try {
            HttpResponse<String> mine = soap("acme-user", "<s:listTenants/>");
            assertEquals(mine.body(), 200, mine.statusCode());
            assertEquals(List.of("acme"), elements(mine.body(), "name"));
            assertEquals("1", element(mine.body(), "total"));
            HttpResponse<String> lost = soap("lost-user", "<s:listTenants/>");
            assertEquals("0", element(lost.body(), "total"));
            HttpResponse<String> own = soap("acme-user", "<s:getTenant><s:id>t-1</s:id></s:getTenant>");
            assertEquals(own.body(), 200, own.statusCode());
            assertEquals(
                    200,
                    soap("acme-user", "<s:getTenantUsage><s:id>t-1</s:id></s:getTenantUsage>")
                            .statusCode());
            // Another tenant's is answered as a missing one: same code, same message.
            HttpResponse<String> other = soap("acme-user", "<s:getTenant><s:id>" + globex + "</s:id></s:getTenant>");
            HttpResponse<String> missing = soap("acme-user", "<s:getTenant><s:id>t-zz</s:id></s:getTenant>");
            assertEquals("NOT_FOUND", fault(other));
            assertEquals(
                    element(missing.body(), "message").replace("t-zz", "X"),
                    element(other.body(), "message").replace(globex, "X"));
            assertEquals(
                    "NOT_FOUND",
                    fault(soap("acme-user", "<s:getTenantUsage><s:id>" + globex + "</s:id></s:getTenantUsage>")));
            // Pools: its tenants' usage and tree; another tenant's pool is NOT_FOUND.
            assertEquals(
                    "prod",
                    element(
                            soap("acme-user", "<s:poolUsage><s:poolId>p-1</s:poolId></s:poolUsage>")
                                    .body(),
                            "name"));
            assertEquals(
                    "NOT_FOUND", fault(soap("globex-user", "<s:poolUsage><s:poolId>p-1</s:poolId></s:poolUsage>")));
            String tree = "<s:poolTree><s:datacenterId>dc-1</s:datacenterId></s:poolTree>";
            // Its tenant's topmost pool, with its subtree.
            assertEquals(List.of("p-1", "p-2"), elements(soap("acme-user", tree).body(), "poolId"));
            HttpResponse<String> none = soap("globex-user", tree);
            assertEquals(none.body(), 200, none.statusCode());
            assertEquals(List.of(), elements(none.body(), "poolId"));
            // Tenants' quotas and infrastructure are the platform's: the fault FORBIDDEN, operation by operation.
            for (String call : List.of(
                    "<s:listClusters/>",
                    "<s:getCluster><s:id>c-1</s:id></s:getCluster>",
                    "<s:listClusterHosts><s:clusterId>c-1</s:clusterId></s:listClusterHosts>",
                    "<s:enterMaintenance><s:clusterId>c-1</s:clusterId><s:hostId>h-1</s:hostId></s:enterMaintenance>",
                    "<s:getClusterSchedule><s:clusterId>c-1</s:clusterId></s:getClusterSchedule>",
                    "<s:getClusterRecommendations><s:clusterId>c-1</s:clusterId></s:getClusterRecommendations>",
                    "<s:getClusterPower><s:clusterId>c-1</s:clusterId></s:getClusterPower>",
                    "<s:explainPlacement><s:poolId>p-1</s:poolId></s:explainPlacement>",
                    "<s:createTenant><s:spec><s:name>other</s:name></s:spec></s:createTenant>",
                    "<s:updateTenant><s:id>t-1</s:id><s:spec><s:name>acme</s:name></s:spec></s:updateTenant>",
                    "<s:deleteTenant><s:id>t-1</s:id></s:deleteTenant>")) {
                HttpResponse<String> refused = soap("acme-admin", call);
                assertEquals(call, "FORBIDDEN", fault(refused));
                assertTrue(
                        call, element(refused.body(), "message").contains("platform role (admin, operator or viewer)"));
            }
            // A platform user is unchanged: every tenant, the whole tree, the clusters.
            HttpResponse<String> all = soap("viewer", "<s:listTenants/>");
            assertEquals(List.of("acme", "globex"), elements(all.body(), "name"));
            assertEquals(List.of("p-1", "p-2"), elements(soap("viewer", tree).body(), "poolId"));
            HttpResponse<String> clusters = soap("viewer", "<s:listClusters/>");
            assertEquals(clusters.body(), 200, clusters.statusCode());
            assertEquals(
                    "200 for the platform",
                    200,
                    soap("viewer", "<s:getTenant><s:id>" + globex + "</s:id></s:getTenant>")
                            .statusCode());
        } finally {
            server.inventory.removePool("p-1");
            server.inventory.removePool("p-2");
        }
    }
}
