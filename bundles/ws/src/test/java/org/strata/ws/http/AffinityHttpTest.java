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
 * The affinity routes and SOAP service over real HTTP, without the datacenter layer (its own tests, and
 * DatacenterLayerIT on the distribution, cover what they do): REST routes are served and answer 503, bodies are
 * checked before the layer is asked, the SOAP service publishes every operation and answers the fault UNAVAILABLE.
 */
public class AffinityHttpTest {
    private static final String XML = "text/xml; charset=UTF-8";
    private static final String GROUPS = "/api/v1/clusters/c-1/affinity-groups";

    @ClassRule
    public static final TestServer server = new TestServer();

    @Test
    public void everyRouteIsServedAndAnswers503WithoutTheLayer() throws Exception {
        for (String[] call : List.of(
                new String[] {"GET", GROUPS, null},
                new String[] {"POST", GROUPS, "{\"name\":\"web\",\"kind\":\"affinity\",\"enforcement\":\"must\"}"},
                new String[] {"GET", GROUPS + "/g-1", null},
                new String[] {
                    "PUT", GROUPS + "/g-1", "{\"name\":\"web\",\"kind\":\"affinity\",\"enforcement\":\"must\"}"
                },
                new String[] {"DELETE", GROUPS + "/g-1", null},
                new String[] {"PUT", GROUPS + "/g-1/vms/vm-1", null},
                new String[] {"DELETE", GROUPS + "/g-1/vms/vm-1", null},
                new String[] {
                    "POST",
                    GROUPS + "/g-1/vms",
                    "{\"poolId\":\"p-1\",\"spec\":{\"name\":\"w\",\"cpus\":1,\"memoryMb\":64}}"
                })) {
            HttpResponse<String> answer =
                    server.send(call[0], call[1], "admin", call[2] == null ? null : "application/json", call[2]);
            TestServer.problem(answer, 503, "UNAVAILABLE");
        }
    }

    @Test
    public void aGroupFetchedWithGetCanBeSentBackButAnUnknownFieldIsRefused() throws Exception {
        String fetched = "{\"id\":\"g-1\",\"clusterId\":\"c-1\",\"name\":\"web\",\"description\":null,\"kind\":"
                + "\"anti-affinity\",\"enforcement\":\"should\",\"vmIds\":[\"vm-1\"],\"hostLabels\":{},\"created\":"
                + "\"2026-12-06T03:00:00Z\"}";
        // Read-only fields pass the body check and reach the (absent) layer: 503, not 400.
        TestServer.problem(
                server.send("PUT", GROUPS + "/g-1", "admin", "application/json", fetched), 503, "UNAVAILABLE");
        TestServer.problem(
                server.send("POST", GROUPS, "admin", "application/json", "{\"name\":\"web\",\"colour\":\"red\"}"),
                400,
                "INVALID_INPUT");
    }

    @Test
    public void theSoapServicePublishesEveryOperationAndAnswersUnavailable() throws Exception {
        String wsdl =
                server.send("GET", "/soap/affinity?wsdl", "viewer", null, null).body();
        assertTrue(wsdl, wsdl.contains("name=\"AffinityWebService\""));
        for (String op : List.of(
                "listAffinityGroups",
                "getAffinityGroup",
                "createAffinityGroup",
                "updateAffinityGroup",
                "deleteAffinityGroup",
                "addAffinityGroupVm",
                "removeAffinityGroupVm",
                "createAffinityGroupVm")) {
            assertTrue(op, wsdl.contains("name=\"" + op + "\""));
        }
        assertTrue(wsdl, wsdl.contains("name=\"hostLabel\""));
        HttpResponse<String> answer = server.send(
                "POST",
                "/soap/affinity",
                "admin",
                XML,
                envelope("<s:listAffinityGroups><s:clusterId>c-1</s:clusterId></s:listAffinityGroups>"));
        assertEquals(answer.body(), 500, answer.statusCode());
        assertEquals(answer.body(), "UNAVAILABLE", element(answer.body(), "code"));
        assertFalse(answer.body(), answer.body().contains("Exception"));
    }
}
