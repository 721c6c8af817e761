package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.element;
import static org.strata.ws.http.TestServer.envelope;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * The Datacenter SOAP service over real HTTP: its WSDL, clusters and their hosts, maintenance as a task, tenants, the
 * pool tree, placement's explanation, faults (UNAVAILABLE while the layer is not running), and the allocation fields
 * of pools and VMs on the other services.
 */
public class DatacenterSoapHttpTest {
    private static final String XML = "text/xml; charset=UTF-8";
    private static final String PATH = "/soap/datacenter";

    @ClassRule
    public static final TestServer server = new TestServer();

    private static HttpResponse<String> call(String user, String body) throws Exception {
        return server.send("POST", PATH, user, XML, envelope(body));
    }

    private static String ok(HttpResponse<String> response) {
        assertEquals(response.body(), 200, response.statusCode());
        return response.body();
    }

    /** Asserts a StrataFault with this code, without a stack trace; returns the body. */
    private static String fault(HttpResponse<String> response, String code) {
        assertEquals(response.body(), 500, response.statusCode());
        assertEquals(response.body(), code, element(response.body(), "code"));
        assertFalse(
                response.body(),
                response.body().contains("at org.") || response.body().contains("Exception"));
        return response.body();
    }

    private static String createCluster(String name) throws Exception {
        String body = ok(call(
                "admin",
                "<s:createCluster><s:spec><s:datacenterId>dc-1</s:datacenterId><s:name>" + name
                        + "</s:name></s:spec></s:createCluster>"));
        return element(body, "id");
    }

    @Test
    public void theWsdlNamesEveryOperation() throws Exception {
        assertEquals(401, server.send("GET", PATH + "?wsdl", null, null, null).statusCode());
        String wsdl = server.send("GET", PATH + "?wsdl", "viewer", null, null).body();
        assertTrue(wsdl.contains("targetNamespace=\"urn:strata:ws:v1\"")
                && wsdl.contains("name=\"DatacenterWebService\""));
        for (String op : List.of(
                "listClusters",
                "getCluster",
                "createCluster",
                "updateCluster",
                "deleteCluster",
                "listClusterHosts",
                "getClusterHost",
                "addClusterHost",
                "setHostLabels",
                "removeClusterHost",
                "enterMaintenance",
                "exitMaintenance",
                "listTenants",
                "getTenant",
                "createTenant",
                "updateTenant",
                "deleteTenant",
                "getTenantUsage",
                "poolTree",
                "poolUsage",
                "explainPlacement")) {
            assertTrue(op, wsdl.contains("name=\"" + op + "\""));
        }
        assertTrue(wsdl.contains("StrataFault"));
    }

    @Test
    public void clustersAreCreatedChangedAndDeleted() throws Exception {
        String id = createCluster("Rack S");
        String got = ok(call("viewer", "<s:getCluster><s:id>" + id + "</s:id></s:getCluster>"));
        assertEquals("balanced", element(got, "policy"));
        assertEquals("3", element(got, "balancingLevel"));
        assertEquals("2024-05-01T10:00:00Z", element(got, "created"));

        String changed = ok(call(
                "admin",
                "<s:updateCluster><s:id>" + id + "</s:id><s:spec><s:policy>power-saving</s:policy>"
                        + "<s:balancingLevel>5</s:balancingLevel></s:spec></s:updateCluster>"));
        assertEquals("power-saving", element(changed, "policy"));
        assertEquals("Rack S", element(changed, "name"));

        String page = ok(call("viewer", "<s:listClusters><s:datacenterId>dc-1</s:datacenterId></s:listClusters>"));
        assertTrue(page, page.contains("Rack S"));

        fault(
                call(
                        "viewer",
                        "<s:createCluster><s:spec><s:datacenterId>dc-1</s:datacenterId><s:name>v</s:name>"
                                + "</s:spec></s:createCluster>"),
                "FORBIDDEN");
        fault(call("admin", "<s:createCluster/>"), "INVALID_INPUT");
        fault(
                call(
                        "admin",
                        "<s:createCluster><s:spec><s:datacenterId>dc-9</s:datacenterId><s:name>x</s:name>"
                                + "</s:spec></s:createCluster>"),
                "NOT_FOUND");
        fault(
                call(
                        "admin",
                        "<s:updateCluster><s:id>" + id + "</s:id><s:spec><s:balancingLevel>0</s:balancingLevel>"
                                + "</s:spec></s:updateCluster>"),
                "INVALID_INPUT");
        String twice = fault(
                call(
                        "admin",
                        "<s:createCluster><s:spec><s:datacenterId>dc-1</s:datacenterId><s:name>Rack S</s:name>"
                                + "</s:spec></s:createCluster>"),
                "CONFLICT");
        assertTrue(twice.contains("Rack S"));

        ok(call("admin", "<s:deleteCluster><s:id>" + id + "</s:id></s:deleteCluster>"));
        fault(call("viewer", "<s:getCluster><s:id>" + id + "</s:id></s:getCluster>"), "NOT_FOUND");
    }

    @Test
    public void hostsWithLabelsAndMaintenanceAsATask() throws Exception {
        String id = createCluster("Rack T");
        String added = ok(call(
                "admin",
                "<s:addClusterHost><s:clusterId>" + id + "</s:clusterId><s:hostId>h-1</s:hostId>"
                        + "<s:label><s:key>rack</s:key><s:value>r1</s:value></s:label>"
                        + "<s:label><s:key>gpu</s:key><s:value>true</s:value></s:label></s:addClusterHost>"));
        assertEquals("none", element(added, "maintenance"));
        // Sorted by key: gpu before rack.
        assertEquals("gpu", element(added, "key"));

        fault(
                call(
                        "admin",
                        "<s:addClusterHost><s:clusterId>" + id + "</s:clusterId><s:hostId>h-1</s:hostId>"
                                + "</s:addClusterHost>"),
                "CONFLICT");
        fault(
                call(
                        "admin",
                        "<s:addClusterHost><s:clusterId>" + id + "</s:clusterId><s:hostId>h-2</s:hostId>"
                                + "<s:label><s:key>a</s:key><s:value>1</s:value></s:label>"
                                + "<s:label><s:key>a</s:key><s:value>2</s:value></s:label></s:addClusterHost>"),
                "INVALID_INPUT");

        String hosts =
                ok(call("viewer", "<s:listClusterHosts><s:clusterId>" + id + "</s:clusterId></s:listClusterHosts>"));
        assertEquals("h-1", element(hosts, "hostId"));

        String relabelled = ok(call(
                "admin",
                "<s:setHostLabels><s:clusterId>" + id + "</s:clusterId><s:hostId>h-1</s:hostId>"
                        + "<s:label><s:key>rack</s:key><s:value>r2</s:value></s:label></s:setHostLabels>"));
        assertEquals("r2", element(relabelled, "value"));
        assertFalse(relabelled.contains("gpu"));

        String task = ok(call(
                "admin",
                "<s:enterMaintenance><s:clusterId>" + id
                        + "</s:clusterId><s:hostId>h-1</s:hostId></s:enterMaintenance>"));
        assertEquals("host.maintenance", element(task, "operation"));
        assertEquals("h-1", element(task, "targetId"));
        assertEquals("QUEUED", element(task, "state"));
        String member = ok(call(
                "viewer",
                "<s:getClusterHost><s:clusterId>" + id + "</s:clusterId><s:hostId>h-1</s:hostId></s:getClusterHost>"));
        assertEquals("entering", element(member, "maintenance"));
        fault(
                call(
                        "admin",
                        "<s:enterMaintenance><s:clusterId>other</s:clusterId><s:hostId>h-1</s:hostId>"
                                + "</s:enterMaintenance>"),
                "NOT_FOUND");
        fault(
                call(
                        "viewer",
                        "<s:enterMaintenance><s:clusterId>" + id + "</s:clusterId><s:hostId>h-1</s:hostId>"
                                + "</s:enterMaintenance>"),
                "FORBIDDEN");
        fault(
                call(
                        "admin",
                        "<s:removeClusterHost><s:clusterId>" + id + "</s:clusterId><s:hostId>h-1</s:hostId>"
                                + "</s:removeClusterHost>"),
                "CONFLICT");

        String out = ok(call(
                "admin",
                "<s:exitMaintenance><s:clusterId>" + id
                        + "</s:clusterId><s:hostId>h-1</s:hostId></s:exitMaintenance>"));
        assertEquals("none", element(out, "maintenance"));
        ok(call(
                "admin",
                "<s:removeClusterHost><s:clusterId>" + id + "</s:clusterId><s:hostId>h-1</s:hostId>"
                        + "</s:removeClusterHost>"));
        ok(call("admin", "<s:deleteCluster><s:id>" + id + "</s:id></s:deleteCluster>"));
    }

    @Test
    public void tenantsTheirQuotaAndUsage() throws Exception {
        String created = ok(call(
                "admin",
                "<s:createTenant><s:spec><s:name>initech</s:name><s:quota><s:vms>5</s:vms><s:cpus>10</s:cpus>"
                        + "</s:quota></s:spec></s:createTenant>"));
        String id = element(created, "id");
        assertEquals("5", element(created, "vms"));
        assertFalse("an unlimited field is absent", created.contains("storageGb"));

        String changed = ok(call(
                "admin",
                "<s:updateTenant><s:id>" + id + "</s:id><s:spec><s:name>initech</s:name>"
                        + "<s:description>Initech</s:description></s:spec></s:updateTenant>"));
        assertEquals("Initech", element(changed, "description"));
        assertEquals("an absent quota is kept", "5", element(changed, "vms"));

        fault(call("admin", "<s:createTenant><s:spec><s:name>initech</s:name></s:spec></s:createTenant>"), "CONFLICT");
        fault(
                call("admin", "<s:createTenant><s:spec><s:name>Bad Name</s:name></s:spec></s:createTenant>"),
                "INVALID_INPUT");

        String usage = ok(call("viewer", "<s:getTenantUsage><s:id>t-1</s:id></s:getTenantUsage>"));
        assertEquals("t-1", element(usage, "tenantId"));
        // The quota comes first; its storage is unlimited, so the first storageGb is what the tenant holds.
        assertEquals("40", element(usage, "storageGb"));
        assertEquals("131072", element(usage, "memoryMb"));
        assertTrue(ok(call("viewer", "<s:listTenants/>")).contains("acme"));

        fault(call("admin", "<s:deleteTenant><s:id>t-1</s:id></s:deleteTenant>"), "CONFLICT");
        ok(call("admin", "<s:deleteTenant><s:id>" + id + "</s:id></s:deleteTenant>"));
        fault(call("viewer", "<s:getTenant><s:id>" + id + "</s:id></s:getTenant>"), "NOT_FOUND");
    }

    @Test
    public void poolTreeUsageAndPlacement() throws Exception {
        String tree = ok(call("viewer", "<s:poolTree><s:datacenterId>dc-1</s:datacenterId></s:poolTree>"));
        assertEquals("p-1", element(tree, "poolId"));
        assertTrue(tree, tree.contains("<child>") || tree.contains(":child>"));
        fault(call("viewer", "<s:poolTree><s:datacenterId> </s:datacenterId></s:poolTree>"), "INVALID_INPUT");
        fault(call("viewer", "<s:poolTree><s:datacenterId>dc-9</s:datacenterId></s:poolTree>"), "NOT_FOUND");

        String usage = ok(call("viewer", "<s:poolUsage><s:poolId>p-2</s:poolId></s:poolUsage>"));
        assertEquals("p-1", element(usage, "parentId"));
        assertEquals("4", element(usage, "reserved"));
        fault(call("viewer", "<s:poolUsage><s:poolId>nope</s:poolId></s:poolUsage>"), "NOT_FOUND");

        String why = ok(call(
                "viewer",
                "<s:explainPlacement><s:poolId>p-1</s:poolId><s:cpus>2</s:cpus><s:memoryMb>2048</s:memoryMb>"
                        + "</s:explainPlacement>"));
        assertEquals("h-1", element(why, "chosenHostId"));
        assertEquals("cpu-headroom", element(why, "name"));
        assertTrue(why, why.contains("maintenance: host 'kvm2' is entering maintenance"));

        String labelled = ok(call(
                "viewer",
                "<s:explainPlacement><s:poolId>p-1</s:poolId>"
                        + "<s:label><s:key>gpu</s:key><s:value>true</s:value></s:label></s:explainPlacement>"));
        assertFalse(labelled.contains("chosenHostId"));
        assertTrue(labelled.contains("labels: lacks gpu=true"));

        fault(call("viewer", "<s:explainPlacement/>"), "INVALID_INPUT");
        fault(
                call("viewer", "<s:explainPlacement><s:poolId>p-1</s:poolId><s:cpus>0</s:cpus></s:explainPlacement>"),
                "INVALID_INPUT");
        fault(
                call(
                        "viewer",
                        "<s:explainPlacement><s:poolId>p-1</s:poolId><s:memoryMb>3000000000</s:memoryMb>"
                                + "</s:explainPlacement>"),
                "INVALID_INPUT");
    }

    /** As Blueprint's proxies answer while the feature strata-datacenter is not running. */
    @Test
    public void everyOperationIsUnavailableWhileTheLayerIsNotRunning() throws Exception {
        server.datacenterLayerRunning = false;
        try {
            for (String op : List.of(
                    "<s:listClusters/>",
                    "<s:getCluster><s:id>c-1</s:id></s:getCluster>",
                    "<s:deleteCluster><s:id>c-1</s:id></s:deleteCluster>",
                    "<s:listClusterHosts><s:clusterId>c-1</s:clusterId></s:listClusterHosts>",
                    "<s:addClusterHost><s:clusterId>c-1</s:clusterId><s:hostId>h-1</s:hostId></s:addClusterHost>",
                    "<s:enterMaintenance><s:clusterId>c-1</s:clusterId><s:hostId>h-1</s:hostId></s:enterMaintenance>",
                    "<s:exitMaintenance><s:clusterId>c-1</s:clusterId><s:hostId>h-1</s:hostId></s:exitMaintenance>",
                    "<s:listTenants/>",
                    "<s:getTenantUsage><s:id>t-1</s:id></s:getTenantUsage>",
                    "<s:poolTree><s:datacenterId>dc-1</s:datacenterId></s:poolTree>",
                    "<s:poolUsage><s:poolId>p-1</s:poolId></s:poolUsage>",
                    "<s:explainPlacement><s:poolId>p-1</s:poolId></s:explainPlacement>")) {
                String body = fault(call("admin", op), "UNAVAILABLE");
                assertTrue(op, body.contains("strata-datacenter"));
                assertFalse(op, body.contains("reference"));
            }
        } finally {
            server.datacenterLayerRunning = true;
        }
        ok(call("viewer", "<s:listClusters/>"));
    }

    @Test
    public void vmsAndPoolsCarryTheirAllocationFieldsOverSoap() throws Exception {
        String task = ok(server.send(
                "POST",
                "/soap/vms",
                "admin",
                XML,
                envelope("<s:createVm><s:spec><s:name>soapplaced</s:name><s:cpus>1</s:cpus>"
                        + "<s:memoryMb>64</s:memoryMb></s:spec><s:poolId>p-1</s:poolId></s:createVm>")));
        assertEquals("create", element(task, "operation"));
        List<?> args = (List<?>) ((List<?>) server.vms.calls.last()).get(3);
        assertEquals("placement chose", "h-1", args.get(0));
        assertEquals("p-1", args.get(2));
        fault(
                server.send(
                        "POST",
                        "/soap/vms",
                        "admin",
                        XML,
                        envelope("<s:createVm><s:spec><s:name>nowhere</s:name><s:cpus>1</s:cpus>"
                                + "<s:memoryMb>64</s:memoryMb></s:spec></s:createVm>")),
                "INVALID_INPUT");

        String vmWsdl =
                server.send("GET", "/soap/vms?wsdl", "viewer", null, null).body();
        assertTrue(vmWsdl.contains("name=\"poolId\""));
        String inventoryWsdl =
                server.send("GET", "/soap/inventory?wsdl", "viewer", null, null).body();
        for (String field : List.of("clusterId", "tenantId", "cpuShares", "memoryReservationMb", "expandable")) {
            assertTrue(field, inventoryWsdl.contains("name=\"" + field + "\""));
        }
        // A pool spec's new fields reach the inventory service (whose fake then refuses the datacenter).
        String refused = fault(
                server.send(
                        "POST",
                        "/soap/inventory",
                        "admin",
                        XML,
                        envelope("<s:createPool><s:spec><s:datacenterId>dc-1</s:datacenterId><s:name>p</s:name>"
                                + "<s:cpuShares>0</s:cpuShares></s:spec></s:createPool>")),
                "INVALID_INPUT");
        assertTrue(refused, refused.contains("cpuShares"));
    }

    @Test
    public void powerManagementOverSoap() throws Exception {
        String report = ok(call("viewer", "<s:getClusterPower><s:clusterId>c-1</s:clusterId></s:getClusterPower>"));
        assertTrue(report, report.contains("<action>none</action>"));
        assertTrue(report, report.contains("<reason>it has no BMC</reason>"));
        fault(call("viewer", "<s:getClusterPower><s:clusterId>nope</s:clusterId></s:getClusterPower>"), "NOT_FOUND");
        fault(call("admin", "<s:exitHostStandby><s:hostId>h-1</s:hostId></s:exitHostStandby>"), "CONFLICT");
    }
}
