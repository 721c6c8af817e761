package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.element;
import static org.strata.ws.http.TestServer.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.Before;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.Failover;
import org.strata.api.ha.FailoverState;
import org.strata.api.ha.FailoverVm;
import org.strata.api.ha.HaPriority;
import org.strata.api.ha.HostHa;
import org.strata.api.ha.HostHaState;
import org.strata.api.ha.VmHa;

/**
 * High availability over real HTTP, REST and SOAP, over the in-memory HA service: routes, bodies (enums as their
 * names, GET bodies sent back, unknown fields refused), status codes and problem bodies, paging, platform users only,
 * and 503 / UNAVAILABLE while the datacenter layer is not running. What the service stored is read from the service
 * itself, not from the answer.
 */
public class HaHttpTest {
    private static final String JSON = "application/json";
    private static final String XML = "text/xml; charset=UTF-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-06T03:00:00Z");

    @ClassRule
    public static final TestServer server = new TestServer();

    private static String haCluster;

    /** Each test starts from no HA settings, host states or failovers; the cluster and its hosts stay. */
    @Before
    public void noHaYet() {
        server.ha.forget();
    }

    private static JsonNode ok(HttpResponse<String> response, int status) throws Exception {
        assertEquals(response.body(), status, response.statusCode());
        return MAPPER.readTree(response.body());
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String code) throws Exception {
        JsonNode body = TestServer.problem(response, status, code);
        assertFalse(response.body(), response.body().contains("Exception"));
        return body;
    }

    private static HttpResponse<String> send(String method, String path, String user, String body) throws Exception {
        return server.send(method, "/api/v1" + path, user, body == null ? null : JSON, body);
    }

    /** One cluster with hosts h-1 and h-2 (a host is in one cluster only), shared by the tests. */
    private static synchronized String haCluster() throws Exception {
        if (haCluster == null) {
            haCluster = ok(send("POST", "/clusters", "admin", "{\"datacenterId\":\"dc-1\",\"name\":\"HA\"}"), 201)
                    .get("id")
                    .asText();
            for (String host : List.of("h-1", "h-2")) {
                ok(send("POST", "/clusters/" + haCluster + "/hosts", "admin", "{\"hostId\":\"" + host + "\"}"), 201);
            }
        }
        return haCluster;
    }

    @Test
    public void aVmsHaSettingsAreReadChangedAndSentBack() throws Exception {
        JsonNode got = ok(send("GET", "/vms/vm-1/ha", "viewer", null), 200);
        assertEquals(
                MAPPER.readTree("{\"vmId\":\"vm-1\",\"enabled\":false,\"priority\":\"MEDIUM\",\"after\":[]}"), got);

        JsonNode set = ok(
                send("PUT", "/vms/vm-1/ha", "admin", "{\"enabled\":true,\"priority\":\"HIGH\",\"after\":[\"vm-2\"]}"),
                200);
        assertEquals("HIGH", set.get("priority").asText());
        assertEquals(new VmHa("vm-1", true, HaPriority.HIGH, List.of("vm-2")), server.ha.vmHa("vm-1"));

        // Null fields keep the VM's values; what GET answered can be sent back (its vmId is accepted and ignored).
        ok(send("PUT", "/vms/vm-1/ha", "admin", "{\"priority\":\" LOW \"}"), 200);
        assertEquals(new VmHa("vm-1", true, HaPriority.LOW, List.of("vm-2")), server.ha.vmHa("vm-1"));
        ObjectNode back = (ObjectNode) ok(send("GET", "/vms/vm-1/ha", "viewer", null), 200);
        back.put("enabled", false).putArray("after");
        ok(send("PUT", "/vms/vm-1/ha", "admin", back.toString()), 200);
        assertEquals(new VmHa("vm-1", false, HaPriority.LOW, List.of()), server.ha.vmHa("vm-1"));

        for (String bad : List.of(
                "{\"priority\":\"high\"}",
                "{\"priority\":\"URGENT\"}",
                "{\"priority\":1}",
                "{\"enabled\":\"yes\"}",
                "{\"after\":\"vm-2\"}",
                "{\"colour\":\"red\"}",
                "{\"after\":[\"vm-1\"]}",
                "{\"after\":[\"vm-9\"]}",
                "null")) {
            problem(send("PUT", "/vms/vm-1/ha", "admin", bad), 400, "INVALID_INPUT");
        }
        problem(send("PUT", "/vms/vm-1/ha", "admin", ""), 400, "INVALID_INPUT");
        assertEquals(new VmHa("vm-1", false, HaPriority.LOW, List.of()), server.ha.vmHa("vm-1"));

        problem(send("GET", "/vms/vm-9/ha", "viewer", null), 404, "NOT_FOUND");
        problem(send("PUT", "/vms/vm-9/ha", "admin", "{\"enabled\":true}"), 404, "NOT_FOUND");
        problem(send("PUT", "/vms/vm-1/ha", "viewer", "{\"enabled\":true}"), 403, "FORBIDDEN");
        // Where a VM is restarted is infrastructure: a user scoped to tenants sees neither the setting nor a change.
        problem(send("GET", "/vms/vm-1/ha", "acme-admin", null), 403, "FORBIDDEN");
        problem(send("PUT", "/vms/vm-1/ha", "acme-admin", "{\"enabled\":true}"), 403, "FORBIDDEN");
        problem(send("GET", "/vms/vm-1/ha", null, null), 401, "UNAUTHENTICATED");
        assertFalse(server.ha.vmHa("vm-1").enabled());
    }

    @Test
    public void aClustersHaSettingsAreCheckedMergedAndSentBack() throws Exception {
        String c = haCluster();
        String ha = "/clusters/" + c + "/ha";
        assertEquals(
                MAPPER.readTree("{\"clusterId\":\"" + c + "\",\"enabled\":false,\"admission\":\"NONE\","
                        + "\"hostFailures\":1,\"cpuPercent\":25,\"memoryPercent\":25,\"failoverHosts\":[],"
                        + "\"leaseDirectory\":null}"),
                ok(send("GET", ha, "viewer", null), 200));

        JsonNode set = ok(
                send(
                        "PUT",
                        ha,
                        "admin",
                        "{\"enabled\":true,\"admission\":\"HOST_FAILURES\",\"hostFailures\":1,"
                                + "\"leaseDirectory\":\"/srv/strata/leases\"}"),
                200);
        assertEquals("HOST_FAILURES", set.get("admission").asText());
        ClusterHa stored = server.ha.clusterHa(c);
        assertEquals(
                new ClusterHa(c, true, Admission.HOST_FAILURES, 1, 25, 25, List.of(), "/srv/strata/leases"), stored);

        // Out of range, not the cluster's, not absolute, not a name: 400; two failures of two hosts: 409.
        for (String bad : List.of(
                "{\"admission\":\"host-failures\"}",
                "{\"admission\":\"SOMETIMES\"}",
                "{\"hostFailures\":0}",
                "{\"hostFailures\":\"1\"}",
                "{\"hostFailures\":1.5}",
                "{\"cpuPercent\":101}",
                "{\"memoryPercent\":-1}",
                "{\"failoverHosts\":[\"h-3\"]}",
                "{\"leaseDirectory\":\"leases\"}",
                "{\"enabled\":true,\"colour\":\"red\"}")) {
            problem(send("PUT", ha, "admin", bad), 400, "INVALID_INPUT");
        }
        JsonNode conflict = problem(send("PUT", ha, "admin", "{\"hostFailures\":2}"), 409, "CONFLICT");
        assertTrue(conflict.toString(), conflict.get("detail").asText().contains("HOST_FAILURES"));
        assertEquals(stored, server.ha.clusterHa(c));

        // What GET answered, changed and sent back; an empty lease directory removes it.
        ObjectNode back = (ObjectNode) ok(send("GET", ha, "viewer", null), 200);
        back.put("admission", "FAILOVER_HOSTS").put("leaseDirectory", "");
        back.putArray("failoverHosts").add("h-2");
        ok(send("PUT", ha, "admin", back.toString()), 200);
        assertEquals(
                new ClusterHa(c, true, Admission.FAILOVER_HOSTS, 1, 25, 25, List.of("h-2"), null),
                server.ha.clusterHa(c));

        problem(send("GET", "/clusters/c-404/ha", "viewer", null), 404, "NOT_FOUND");
        problem(send("PUT", "/clusters/c-404/ha", "admin", "{\"enabled\":true}"), 404, "NOT_FOUND");
        problem(send("PUT", ha, "viewer", "{\"enabled\":false}"), 403, "FORBIDDEN");
        problem(send("GET", ha, "acme-admin", null), 403, "FORBIDDEN");
        assertTrue(server.ha.clusterHa(c).enabled());
    }

    @Test
    public void hostStatesAndFailoversAreListedPagedAndShownWithTheirVms() throws Exception {
        String c = haCluster();
        server.ha.seed(new HostHa("h-1", "kvm-1", c, HostHaState.FENCED, "BMC reads it off", T0, false, "free", "off"));
        server.ha.seed(new HostHa("h-2", "kvm-2", c, HostHaState.UP, "its hypervisor answers", T0, true, "none", "on"));
        server.ha.seed(failover("fo-1", "h-1", c, T0, FailoverState.DONE));
        server.ha.seed(failover("fo-2", "h-1", c, T0.plusSeconds(3600), FailoverState.INCOMPLETE));
        server.ha.seed(failover("fo-3", "h-2", c, T0.plusSeconds(60), FailoverState.CANCELLED));

        JsonNode hosts = ok(send("GET", "/clusters/" + c + "/ha/hosts", "viewer", null), 200);
        assertEquals(2, hosts.size());
        assertEquals(
                MAPPER.readTree("{\"hostId\":\"h-1\",\"name\":\"kvm-1\",\"clusterId\":\"" + c + "\",\"state\":"
                        + "\"FENCED\",\"reason\":\"BMC reads it off\",\"since\":\"2026-12-06T03:00:00Z\",\"session\":"
                        + "false,\"leases\":\"free\",\"power\":\"off\"}"),
                hosts.get(0));
        assertEquals(
                "UP",
                ok(send("GET", "/hosts/h-2/ha", "viewer", null), 200)
                        .get("state")
                        .asText());
        problem(send("GET", "/hosts/h-3/ha", "viewer", null), 404, "NOT_FOUND");
        problem(send("GET", "/clusters/c-404/ha/hosts", "viewer", null), 404, "NOT_FOUND");

        JsonNode all = ok(send("GET", "/failovers", "viewer", null), 200);
        assertEquals(3, all.get("total").asInt());
        assertEquals("fo-2", all.at("/items/0/id").asText()); // newest first
        JsonNode ofH1 = ok(send("GET", "/failovers?hostId=%20h-1%20&offset=1&limit=1", "viewer", null), 200);
        assertEquals(2, ofH1.get("total").asInt());
        assertEquals(1, ofH1.get("offset").asInt());
        assertEquals("fo-1", ofH1.at("/items/0/id").asText());
        assertEquals(
                3,
                ok(send("GET", "/failovers?hostId=", "viewer", null), 200)
                        .get("total")
                        .asInt());
        problem(send("GET", "/failovers?limit=0", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/failovers?offset=x", "viewer", null), 400, "INVALID_INPUT");
        problem(send("GET", "/failovers?state=DONE", "viewer", null), 400, "INVALID_INPUT");

        JsonNode one = ok(send("GET", "/failovers/fo-2", "viewer", null), 200);
        assertEquals("INCOMPLETE", one.get("state").asText());
        assertEquals("bmc", one.get("fence").asText());
        assertEquals(null, one.get("ended").textValue());
        assertEquals(2, one.get("vms").size());
        assertEquals("HIGH", one.at("/vms/0/priority").asText());
        assertEquals("RUNNING", one.at("/vms/0/state").asText());
        assertEquals("h-2", one.at("/vms/0/hostId").asText());
        assertEquals("UNPLACED", one.at("/vms/1/state").asText());
        problem(send("GET", "/failovers/fo-404", "viewer", null), 404, "NOT_FOUND");
        problem(send("GET", "/failovers", "acme-admin", null), 403, "FORBIDDEN");
        problem(send("GET", "/hosts/h-1/ha", "acme-admin", null), 403, "FORBIDDEN");
        // Read only: no other method is served there, and OPTIONS and 405 name the HA resource's methods, not the
        // methods of the VM, cluster or host resource beside it.
        HttpResponse<String> delete = send("DELETE", "/failovers/fo-2", "admin", null);
        assertEquals(405, delete.statusCode());
        assertEquals("GET, HEAD, OPTIONS", delete.headers().firstValue("Allow").orElse(""));
        for (String[] allowed : List.of(
                new String[] {"/vms/vm-1/ha", "GET, HEAD, OPTIONS, PUT"},
                new String[] {"/clusters/" + c + "/ha", "GET, HEAD, OPTIONS, PUT"},
                new String[] {"/clusters/" + c + "/ha/hosts", "GET, HEAD, OPTIONS"},
                new String[] {"/hosts/h-1/ha", "GET, HEAD, OPTIONS"},
                new String[] {"/failovers", "GET, HEAD, OPTIONS"})) {
            HttpResponse<String> options = send("OPTIONS", allowed[0], "viewer", null);
            assertEquals(
                    allowed[0],
                    allowed[1],
                    options.headers().firstValue("Allow").orElse(""));
        }
    }

    private static Failover failover(String id, String host, String cluster, Instant started, FailoverState state) {
        return new Failover(
                id,
                host,
                cluster,
                state,
                "bmc",
                "hypervisor silent, BMC reads it off",
                started.minusSeconds(12),
                started,
                state == FailoverState.INCOMPLETE ? null : started.plusSeconds(40),
                List.of(
                        new FailoverVm(
                                "vm-1",
                                "web",
                                HaPriority.HIGH,
                                "RUNNING",
                                "h-2",
                                "restarted",
                                "t-1",
                                started.plusSeconds(30)),
                        new FailoverVm(
                                "vm-2", "db", HaPriority.LOW, "UNPLACED", null, "no host can take it", null, null)));
    }

    @Test
    public void everyRouteAnswers503WithoutTheLayer() throws Exception {
        server.datacenterLayerRunning = false;
        try {
            for (String[] call : List.of(
                    new String[] {"GET", "/vms/vm-1/ha", null},
                    new String[] {"PUT", "/vms/vm-1/ha", "{\"enabled\":true}"},
                    new String[] {"GET", "/clusters/c-1/ha", null},
                    new String[] {"PUT", "/clusters/c-1/ha", "{\"enabled\":true}"},
                    new String[] {"GET", "/clusters/c-1/ha/hosts", null},
                    new String[] {"GET", "/hosts/h-1/ha", null},
                    new String[] {"GET", "/failovers", null},
                    new String[] {"GET", "/failovers/fo-1", null})) {
                problem(send(call[0], call[1], "admin", call[2]), 503, "UNAVAILABLE");
            }
            // A body is checked before the layer is asked.
            problem(send("PUT", "/vms/vm-1/ha", "admin", "{\"priority\":\"SOON\"}"), 400, "INVALID_INPUT");
        } finally {
            server.datacenterLayerRunning = true;
        }
    }

    // ---- SOAP

    private static HttpResponse<String> call(String user, String operation) throws Exception {
        return server.send("POST", "/soap/ha", user, XML, envelope(operation));
    }

    private static String fault(HttpResponse<String> answer, String code) {
        assertEquals(answer.body(), 500, answer.statusCode());
        assertEquals(answer.body(), code, element(answer.body(), "code"));
        assertFalse(answer.body(), answer.body().contains("Exception"));
        return answer.body();
    }

    private static String ok(HttpResponse<String> answer) {
        assertEquals(answer.body(), 200, answer.statusCode());
        return answer.body();
    }

    @Test
    public void theSoapServicePublishesEveryOperation() throws Exception {
        String wsdl = server.send("GET", "/soap/ha?wsdl", "viewer", null, null).body();
        assertTrue(wsdl, wsdl.contains("name=\"HaWebService\""));
        for (String op : List.of(
                "getVmHa",
                "setVmHa",
                "getClusterHa",
                "setClusterHa",
                "listHaHosts",
                "getHostHa",
                "listFailovers",
                "getFailover")) {
            assertTrue(op, wsdl.contains("name=\"" + op + "\""));
        }
    }

    @Test
    public void soapReadsAndChangesTheSameSettings() throws Exception {
        String c = haCluster();
        String vm = ok(call(
                "admin",
                "<s:setVmHa><s:vmId>vm-2</s:vmId><s:spec><s:enabled>true</s:enabled><s:priority> HIGH </s:priority>"
                        + "<s:after>vm-1</s:after></s:spec></s:setVmHa>"));
        assertEquals("HIGH", element(vm, "priority"));
        assertEquals(new VmHa("vm-2", true, HaPriority.HIGH, List.of("vm-1")), server.ha.vmHa("vm-2"));
        // An absent element keeps the value; clearAfter empties the order.
        ok(call(
                "admin",
                "<s:setVmHa><s:vmId>vm-2</s:vmId><s:spec><s:clearAfter>true</s:clearAfter></s:spec></s:setVmHa>"));
        assertEquals(new VmHa("vm-2", true, HaPriority.HIGH, List.of()), server.ha.vmHa("vm-2"));
        assertEquals("true", element(ok(call("viewer", "<s:getVmHa><s:vmId>vm-2</s:vmId></s:getVmHa>")), "enabled"));

        fault(
                call(
                        "admin",
                        "<s:setVmHa><s:vmId>vm-2</s:vmId><s:spec><s:priority>high</s:priority></s:spec></s:setVmHa>"),
                "INVALID_INPUT");
        fault(call("admin", "<s:setVmHa><s:vmId>vm-2</s:vmId></s:setVmHa>"), "INVALID_INPUT");
        fault(call("viewer", "<s:setVmHa><s:vmId>vm-2</s:vmId><s:spec/></s:setVmHa>"), "FORBIDDEN");
        // Users scoped to tenants do not reach the HA service at all, as for the other infrastructure services.
        assertEquals(
                403,
                call("acme-admin", "<s:getVmHa><s:vmId>vm-2</s:vmId></s:getVmHa>")
                        .statusCode());
        fault(call("viewer", "<s:getVmHa><s:vmId>vm-9</s:vmId></s:getVmHa>"), "NOT_FOUND");

        String cluster = ok(call(
                "admin",
                "<s:setClusterHa><s:clusterId>" + c + "</s:clusterId><s:spec><s:enabled>true</s:enabled>"
                        + "<s:admission>PERCENTAGE</s:admission><s:cpuPercent>30</s:cpuPercent>"
                        + "<s:leaseDirectory>/srv/leases</s:leaseDirectory></s:spec></s:setClusterHa>"));
        assertEquals("PERCENTAGE", element(cluster, "admission"));
        ClusterHa stored = server.ha.clusterHa(c);
        assertEquals(Admission.PERCENTAGE, stored.admission());
        assertEquals(30, stored.cpuPercent());
        assertEquals("/srv/leases", stored.leaseDirectory());
        fault(
                call(
                        "admin",
                        "<s:setClusterHa><s:clusterId>" + c + "</s:clusterId><s:spec><s:admission>all</s:admission>"
                                + "</s:spec></s:setClusterHa>"),
                "INVALID_INPUT");
        fault(
                call(
                        "admin",
                        "<s:setClusterHa><s:clusterId>" + c + "</s:clusterId><s:spec>"
                                + "<s:admission>HOST_FAILURES</s:admission><s:hostFailures>5</s:hostFailures>"
                                + "</s:spec></s:setClusterHa>"),
                "CONFLICT");
        assertEquals(stored, server.ha.clusterHa(c));
        ok(call(
                "admin",
                "<s:setClusterHa><s:clusterId>" + c + "</s:clusterId><s:spec><s:leaseDirectory></s:leaseDirectory>"
                        + "</s:spec></s:setClusterHa>"));
        assertNull(server.ha.clusterHa(c).leaseDirectory());
        fault(call("viewer", "<s:getClusterHa><s:clusterId>c-404</s:clusterId></s:getClusterHa>"), "NOT_FOUND");

        server.ha.seed(new HostHa("h-1", "kvm-1", c, HostHaState.SUSPECT, "silent", T0, false, "held", "unread"));
        server.ha.seed(failover("fo-s", "h-1", c, T0.plusSeconds(7200), FailoverState.RESTARTING));
        assertEquals("SUSPECT", element(ok(call("viewer", "<s:listHaHosts/>")), "state"));
        assertEquals(
                "SUSPECT", element(ok(call("viewer", "<s:getHostHa><s:hostId>h-1</s:hostId></s:getHostHa>")), "state"));
        fault(call("viewer", "<s:listHaHosts><s:clusterId>c-404</s:clusterId></s:listHaHosts>"), "NOT_FOUND");
        String page =
                ok(call("viewer", "<s:listFailovers><s:hostId>h-1</s:hostId><s:limit>1</s:limit></s:listFailovers>"));
        assertEquals("1", element(page, "limit"));
        assertEquals("fo-s", element(page, "id"));
        String one = ok(call("viewer", "<s:getFailover><s:id>fo-s</s:id></s:getFailover>"));
        assertEquals("RESTARTING", element(one, "state"));
        assertEquals("vm-1", element(one, "vmId"));
        fault(call("viewer", "<s:getFailover><s:id>fo-404</s:id></s:getFailover>"), "NOT_FOUND");
        fault(call("viewer", "<s:listFailovers><s:limit>0</s:limit></s:listFailovers>"), "INVALID_INPUT");
    }

    @Test
    public void everySoapOperationIsUnavailableWithoutTheLayer() throws Exception {
        server.datacenterLayerRunning = false;
        try {
            for (String op : List.of(
                    "<s:getVmHa><s:vmId>vm-1</s:vmId></s:getVmHa>",
                    "<s:setVmHa><s:vmId>vm-1</s:vmId><s:spec/></s:setVmHa>",
                    "<s:getClusterHa><s:clusterId>c-1</s:clusterId></s:getClusterHa>",
                    "<s:setClusterHa><s:clusterId>c-1</s:clusterId><s:spec/></s:setClusterHa>",
                    "<s:listHaHosts/>",
                    "<s:getHostHa><s:hostId>h-1</s:hostId></s:getHostHa>",
                    "<s:listFailovers/>",
                    "<s:getFailover><s:id>fo-1</s:id></s:getFailover>")) {
                assertTrue(op, fault(call("admin", op), "UNAVAILABLE").contains("strata-datacenter"));
            }
        } finally {
            server.datacenterLayerRunning = true;
        }
    }
}
