package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.envelope;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * What the web services answer at their edges, over real HTTP: OPTIONS and 405 with the methods of the resource asked
 * for, the headers on every REST answer, a problem for paths outside the services, and SOAP ids bounded.
 */
public class EdgeHttpTest {
    private static final String XML = "text/xml; charset=utf-8";

    @ClassRule
    public static final TestServer server = new TestServer();

    private static String allow(HttpResponse<String> response) {
        return response.headers().firstValue("Allow").orElse("");
    }

    @Test
    public void optionsTellsTheMethodsOfTheResourceAtThePath() throws Exception {
        HttpResponse<String> drivers = server.send("OPTIONS", "/api/v1/drivers", "viewer", null, null);
        assertEquals(200, drivers.statusCode());
        assertEquals("GET, HEAD, OPTIONS", allow(drivers));
        assertEquals(
                "DELETE, GET, HEAD, OPTIONS, PUT",
                allow(server.send("OPTIONS", "/api/v1/datacenters/some-id", "viewer", null, null)));
        assertEquals(
                "GET, HEAD, OPTIONS, POST", allow(server.send("OPTIONS", "/api/v1/datacenters", "viewer", null, null)));
        assertEquals(
                404,
                server.send("OPTIONS", "/api/v1/nosuch", "viewer", null, null).statusCode());
        assertEquals(
                "strangers learn nothing",
                401,
                server.send("OPTIONS", "/api/v1/drivers", null, null, null).statusCode());
    }

    @Test
    public void aWrongMethodIs405WithTheResourcesMethods() throws Exception {
        HttpResponse<String> put = server.send("PUT", "/api/v1/drivers", "admin", "application/json", "{}");
        assertEquals(405, put.statusCode());
        assertEquals("GET, HEAD, OPTIONS", allow(put));
        assertTrue(put.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    public void restAnswersAreNotSniffedNorStored() throws Exception {
        for (HttpResponse<String> r : new HttpResponse[] {
            server.send("GET", "/api/v1/drivers", "viewer", null, null),
            server.send("GET", "/api/v1/datacenters/nosuch", "viewer", null, null),
            server.send("GET", "/api/v1/drivers", null, null, null)
        }) {
            assertEquals(
                    "nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertTrue(r.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        }
    }

    @Test
    public void restAnswersCarryOneDateOfNow() throws Exception {
        for (HttpResponse<String> r : new HttpResponse[] {
            server.send("GET", "/api/v1/drivers", "viewer", null, null),
            server.send("GET", "/api/v1/datacenters/nosuch", "viewer", null, null),
            server.send("GET", "/api/v1/drivers", null, null, null),
            server.send("GET", "/nosuch", null, null, null)
        }) {
            List<String> dates = r.headers().allValues("Date");
            assertEquals(dates.toString(), 1, dates.size());
            Instant date = ZonedDateTime.parse(dates.get(0), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            assertTrue(dates.get(0), Duration.between(date, Instant.now()).abs().getSeconds() < 60);
        }
    }

    @Test
    public void pathsOutsideTheServicesAreAProblemNotAPage() throws Exception {
        for (String path : new String[] {"/", "/index.html", "/soap/nosuch", "/cxf"}) {
            HttpResponse<String> r = server.send("GET", path, null, null, null);
            assertEquals(path, 404, r.statusCode());
            assertTrue(path, r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            assertFalse(r.body(), r.body().contains("<html"));
        }
        assertEquals(
                "the services are untouched",
                200,
                server.send("GET", "/soap/drivers?wsdl", "viewer", null, null).statusCode());
    }

    @Test
    public void aSoapIdLongerThanAnIdIsRefusedWithoutBeingEchoed() throws Exception {
        String id = "x".repeat(100_000);
        HttpResponse<String> r = server.send(
                "POST",
                "/soap/inventory",
                "viewer",
                XML,
                envelope("<s:getDatacenter><s:id>" + id + "</s:id></s:getDatacenter>"));
        assertEquals(500, r.statusCode());
        assertTrue(r.body(), r.body().contains("INVALID_INPUT"));
        assertTrue(r.body(), r.body().contains("longer than an id can be"));
        assertTrue(
                "the answer does not carry the id: " + r.body().length(),
                r.body().length() < 2_000);
    }
}
