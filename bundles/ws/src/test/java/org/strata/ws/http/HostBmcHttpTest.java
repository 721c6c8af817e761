package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.element;
import static org.strata.ws.http.TestServer.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.ClassRule;
import org.junit.Test;

/** A host's BMC (bmcHostId) over real HTTP, both ways, through REST and SOAP. */
public class HostBmcHttpTest {
    private static final String JSON = "application/json";
    private static final String XML = "text/xml; charset=UTF-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    @Test
    public void restCarriesTheBmcBothWays() throws Exception {
        HttpResponse<String> fetched = server.send("GET", "/api/v1/hosts/h-1", "viewer", null, null);
        assertEquals(fetched.body(), 200, fetched.statusCode());
        JsonNode before = MAPPER.readTree(fetched.body());
        assertTrue("the field is always present", before.has("bmcHostId"));
        assertTrue(before.get("bmcHostId").isNull());

        HttpResponse<String> updated = server.send(
                "PUT",
                "/api/v1/hosts/h-1",
                "admin",
                JSON,
                "{\"name\":\"kvm1\",\"datacenterId\":\"dc-1\",\"driverId\":\"kvm\",\"address\":\"qemu:///system\","
                        + "\"bmcHostId\":\"bm-1\"}");
        assertEquals(updated.body(), 200, updated.statusCode());
        assertEquals("bm-1", MAPPER.readTree(updated.body()).get("bmcHostId").asText());
        assertEquals("bm-1", server.inventory.lastHostUpdate().bmcHostId());

        // What a GET returns can be sent back, BMC included: the field is writable, not read-only.
        String roundTrip = updated.body();
        HttpResponse<String> again = server.send("PUT", "/api/v1/hosts/h-1", "admin", JSON, roundTrip);
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals("bm-1", server.inventory.lastHostUpdate().bmcHostId());

        HttpResponse<String> cleared = server.send(
                "PUT",
                "/api/v1/hosts/h-1",
                "admin",
                JSON,
                "{\"name\":\"kvm1\",\"datacenterId\":\"dc-1\",\"driverId\":\"kvm\",\"address\":\"qemu:///system\","
                        + "\"bmcHostId\":null}");
        assertEquals(cleared.body(), 200, cleared.statusCode());
        assertTrue(MAPPER.readTree(cleared.body()).get("bmcHostId").isNull());
        assertNull(server.inventory.lastHostUpdate().bmcHostId());
    }

    @Test
    public void soapCarriesTheBmcBothWays() throws Exception {
        HttpResponse<String> updated = server.send(
                "POST",
                "/soap/inventory",
                "admin",
                XML,
                envelope("<s:updateHost><s:id>h-1</s:id><s:spec><s:name>kvm1</s:name>"
                        + "<s:datacenterId>dc-1</s:datacenterId><s:driverId>kvm</s:driverId>"
                        + "<s:address>qemu:///system</s:address><s:bmcHostId>bm-2</s:bmcHostId></s:spec>"
                        + "</s:updateHost>"));
        assertEquals(updated.body(), 200, updated.statusCode());
        assertEquals("bm-2", server.inventory.lastHostUpdate().bmcHostId());
        assertEquals("bm-2", element(updated.body(), "bmcHostId"));
        String wsdl =
                server.send("GET", "/soap/inventory?wsdl", "viewer", null, null).body();
        assertTrue(wsdl.contains("name=\"bmcHostId\""));
    }
}
