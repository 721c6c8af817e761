package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.envelope;

import java.net.http.HttpResponse;
import org.junit.ClassRule;
import org.junit.Test;

/** The SOAP endpoints over real HTTP: authentication (also of ?wsdl), the WSDL, and faults. */
public class SoapHttpTest {
    private static final String XML = "text/xml; charset=UTF-8";

    @ClassRule
    public static final TestServer server = new TestServer();

    @Test
    public void wsdlAndCallsNeedCredentials() throws Exception {
        for (String path : new String[] {"/soap/inventory?wsdl", "/soap/drivers?wsdl", "/soap/tasks?wsdl"}) {
            HttpResponse<String> response = server.send("GET", path, null, null, null);
            assertEquals(path, 401, response.statusCode());
            assertTrue(response.headers()
                    .firstValue("WWW-Authenticate")
                    .orElseThrow()
                    .startsWith("Basic realm=\"strata\""));
            assertFalse(response.body().contains("definitions"));
        }
        HttpResponse<String> call = server.send("POST", "/soap/drivers", null, XML, envelope("<s:listDrivers/>"));
        assertEquals(401, call.statusCode());
        assertEquals(
                403,
                server.send("GET", "/soap/drivers?wsdl", "nobody", null, null).statusCode());
    }

    @Test
    public void eachServiceHasItsWsdlInTheStrataNamespace() throws Exception {
        HttpResponse<String> wsdl = server.send("GET", "/soap/inventory?wsdl", "viewer", null, null);
        assertEquals(200, wsdl.statusCode());
        String text = wsdl.body();
        assertTrue(text.contains("targetNamespace=\"urn:strata:ws:v1\""));
        assertTrue(text.contains("name=\"InventoryWebService\""));
        assertTrue(text.contains("StrataFault"));
        assertTrue(text.contains("powerVirtualMachine"));
        assertTrue("instants are xsd:dateTime", text.contains("name=\"created\" type=\"xs:dateTime\""));
        assertTrue(server.send("GET", "/soap/drivers?wsdl", "viewer", null, null)
                .body()
                .contains("name=\"DriverWebService\""));
        assertTrue(server.send("GET", "/soap/tasks?wsdl", "viewer", null, null)
                .body()
                .contains("cancelTask"));
    }

    @Test
    public void operationsWorkAndFaultsCarryTheCodeWithoutAStackTrace() throws Exception {
        HttpResponse<String> drivers =
                server.send("POST", "/soap/drivers", "viewer", XML, envelope("<s:listDrivers/>"));
        assertEquals(drivers.body(), 200, drivers.statusCode());
        assertTrue(drivers.body().contains("<capability>VM_LIST</capability>")
                || drivers.body().contains(":capability>VM_LIST<"));

        HttpResponse<String> missing = server.send(
                "POST",
                "/soap/inventory",
                "viewer",
                XML,
                envelope("<s:getDatacenter><s:id>nope</s:id></s:getDatacenter>"));
        assertEquals(500, missing.statusCode());
        assertTrue(missing.body(), missing.body().contains("NOT_FOUND"));
        assertTrue(missing.body().contains("datacenter 'nope' does not exist"));
        assertFalse(missing.body().contains("at org.") || missing.body().contains("Exception"));

        HttpResponse<String> bad = server.send(
                "POST", "/soap/tasks", "viewer", XML, envelope("<s:listTasks><s:limit>100000</s:limit></s:listTasks>"));
        assertTrue(bad.body(), bad.body().contains("INVALID_INPUT"));
    }

    @Test
    public void changesNeedAWriterRole() throws Exception {
        String create = envelope("<s:createDatacenter><s:spec><s:name>soapdc</s:name></s:spec></s:createDatacenter>");
        HttpResponse<String> refused = server.send("POST", "/soap/inventory", "viewer", XML, create);
        assertEquals(500, refused.statusCode());
        assertTrue(refused.body(), refused.body().contains("FORBIDDEN"));

        HttpResponse<String> created = server.send("POST", "/soap/inventory", "admin", XML, create);
        assertEquals(created.body(), 200, created.statusCode());
        assertTrue(created.body().contains("soapdc"));
        assertTrue(created.body(), created.body().contains("2024-05-01T10:00:00Z"));

        HttpResponse<String> bug = server.send(
                "POST",
                "/soap/inventory",
                "admin",
                XML,
                envelope("<s:createDatacenter><s:spec><s:name>explode</s:name></s:spec></s:createDatacenter>"));
        assertTrue(bug.body(), bug.body().contains("INTERNAL") && bug.body().contains("internal error; reference "));
        assertFalse(bug.body().contains("secret") || bug.body().contains("IllegalState"));
    }
}
