package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.inventory.HostKind;

/** A host's kind over real HTTP: read in REST and SOAP, given in a request, refused the same way when it is no kind. */
public class HostKindHttpTest {
    private static final String JSON = "application/json";
    private static final String XML = "text/xml; charset=UTF-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    @Test
    public void restReadsAndSendsTheKind() throws Exception {
        HttpResponse<String> fetched = server.send("GET", "/api/v1/hosts/h-1", "viewer", null, null);
        assertEquals(fetched.body(), 200, fetched.statusCode());
        assertEquals("HYPERVISOR", MAPPER.readTree(fetched.body()).get("kind").asText());
        assertEquals(
                "HYPERVISOR",
                MAPPER.readTree(server.send("GET", "/api/v1/hosts", "viewer", null, null)
                                .body())
                        .path("items")
                        .get(0)
                        .path("kind")
                        .asText());

        // What a GET returns can be sent back, kind included.
        HttpResponse<String> again = server.send("PUT", "/api/v1/hosts/h-1", "admin", JSON, fetched.body());
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals(HostKind.HYPERVISOR, server.inventory.lastHostUpdate().kind());

        HttpResponse<String> without = server.send(
                "PUT",
                "/api/v1/hosts/h-1",
                "admin",
                JSON,
                "{\"name\":\"kvm1\",\"datacenterId\":\"dc-1\",\"driverId\":\"kvm\",\"address\":\"qemu:///system\"}");
        assertEquals(without.body(), 200, without.statusCode());
        assertEquals(null, server.inventory.lastHostUpdate().kind());

        for (String bad : new String[] {"\"TOASTER\"", "\"hypervisor\"", "3"}) {
            HttpResponse<String> refused = server.send(
                    "PUT",
                    "/api/v1/hosts/h-1",
                    "admin",
                    JSON,
                    "{\"name\":\"kvm1\",\"datacenterId\":\"dc-1\",\"driverId\":\"kvm\",\"address\":\"qemu:///system\","
                            + "\"kind\":" + bad + "}");
            assertEquals(bad + " -> " + refused.body(), 400, refused.statusCode());
            JsonNode problem = MAPPER.readTree(refused.body());
            assertEquals(refused.body(), "INVALID_INPUT", problem.path("code").asText());
        }
    }

    @Test
    public void soapReadsAndSendsTheKind() throws Exception {
        HttpResponse<String> updated = server.send("POST", "/soap/inventory", "admin", XML, updateHost("STORAGE"));
        assertEquals(updated.body(), 200, updated.statusCode());
        assertEquals(HostKind.STORAGE, server.inventory.lastHostUpdate().kind());
        assertTrue(updated.body(), updated.body().matches("(?s).*<(\\w+:)?kind>STORAGE</.*"));

        HttpResponse<String> refused = server.send("POST", "/soap/inventory", "admin", XML, updateHost("TOASTER"));
        assertEquals(refused.body(), 500, refused.statusCode());
        assertTrue(
                refused.body(),
                refused.body().contains("INVALID_INPUT")
                        && refused.body().contains("kind must be one of HYPERVISOR, STORAGE, MACHINE"));
        String wsdl =
                server.send("GET", "/soap/inventory?wsdl", "viewer", null, null).body();
        assertTrue(wsdl.contains("name=\"kind\""));
    }

    private static String updateHost(String kind) {
        return envelope("<s:updateHost><s:id>h-1</s:id><s:spec><s:name>kvm1</s:name>"
                + "<s:datacenterId>dc-1</s:datacenterId><s:driverId>kvm</s:driverId>"
                + "<s:address>qemu:///system</s:address><s:kind>" + kind + "</s:kind></s:spec>"
                + "</s:updateHost>");
    }
}
