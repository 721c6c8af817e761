package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.strata.api.inventory.HostSpec;

/** A host's BMC (bmcHostId) over real HTTP, both ways, through REST and SOAP. */
public class HostBmcHttpTest {
    private static final String JSON = "application/json";
    private static final String XML = "text/xml; charset=UTF-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static TestServer server;

    @BeforeClass
    public static void start() throws Exception {
        server = new TestServer();
    }

    @AfterClass
    public static void stop() throws Exception {
        server.close();
    }

    private static HostSpec lastUpdate() {
        List<HostSpec> updates = server.inventory.hostUpdates;
        synchronized (server.inventory) {
            return updates.get(updates.size() - 1);
        }
    }

    @Test
    public void restCarriesTheBmcBothWays() throws Exception {
        HttpResponse<String> fetched = server.send("GET", "/api/v1/hosts/h-1", "viewer", null, null);
        assertEquals(fetched.body(), 200, fetched.statusCode());
        JsonNode before = MAPPER.readTree(fetched.body());
        assertTrue("the field is always present", before.has("bmcHostId"));
        assertTrue(before.get("bmcHostId").isNull());

        HttpResponse<String> updated = server.send("PUT", "/api/v1/hosts/h-1", "admin", JSON,
                "{\"name\":\"kvm1\",\"datacenterId\":\"dc-1\",\"driverId\":\"kvm\",\"address\":\"qemu:///system\","
                        + "\"bmcHostId\":\"bm-1\"}");
        assertEquals(updated.body(), 200, updated.statusCode());
        assertEquals("bm-1", MAPPER.readTree(updated.body()).get("bmcHostId").asText());
        assertEquals("bm-1", lastUpdate().bmcHostId());

        // What a GET returns can be sent back, BMC included: the field is writable, not read-only.
        String roundTrip = updated.body();
        HttpResponse<String> again = server.send("PUT", "/api/v1/hosts/h-1", "admin", JSON, roundTrip);
        assertEquals(again.body(), 200, again.statusCode());
        assertEquals("bm-1", lastUpdate().bmcHostId());

        HttpResponse<String> cleared = server.send("PUT", "/api/v1/hosts/h-1", "admin", JSON,
                "{\"name\":\"kvm1\",\"datacenterId\":\"dc-1\",\"driverId\":\"kvm\",\"address\":\"qemu:///system\","
                        + "\"bmcHostId\":null}");
        assertEquals(cleared.body(), 200, cleared.statusCode());
        assertTrue(MAPPER.readTree(cleared.body()).get("bmcHostId").isNull());
        assertNull(lastUpdate().bmcHostId());
    }

    @Test
    public void soapCarriesTheBmcBothWays() throws Exception {
        HttpResponse<String> updated = server.send("POST", "/soap/inventory", "admin", XML,
                "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:s=\"urn:strata:ws:v1\">"
                        + "<soap:Body><s:updateHost><s:id>h-1</s:id><s:spec><s:name>kvm1</s:name>"
                        + "<s:datacenterId>dc-1</s:datacenterId><s:driverId>kvm</s:driverId>"
                        + "<s:address>qemu:///system</s:address><s:bmcHostId>bm-2</s:bmcHostId></s:spec>"
                        + "</s:updateHost></soap:Body></soap:Envelope>");
        assertEquals(updated.body(), 200, updated.statusCode());
        assertEquals("bm-2", lastUpdate().bmcHostId());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<(?:\\w+:)?bmcHostId>([^<]*)</")
                .matcher(updated.body());
        assertTrue(updated.body(), m.find());
        assertEquals("bm-2", m.group(1));
        String wsdl = server.send("GET", "/soap/inventory?wsdl", "viewer", null, null).body();
        assertTrue(wsdl.contains("name=\"bmcHostId\""));
    }
}
