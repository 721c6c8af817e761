package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.envelope;

import java.net.http.HttpResponse;
import org.junit.ClassRule;
import org.junit.Test;

/** listEventsSince on /soap/events over real HTTP (the in-memory event service holds event 1, driver.started). */
public class EventSoapHttpTest {
    private static final String XML = "text/xml; charset=UTF-8";

    @ClassRule
    public static final TestServer server = new TestServer();

    private static HttpResponse<String> call(String user, String body) throws Exception {
        return server.send(
                "POST", "/soap/events", user, XML, envelope("<s:listEventsSince>" + body + "</s:listEventsSince>"));
    }

    @Test
    public void eventsAfterAnIdOldestFirstWithTheNextIdToAskAfter() throws Exception {
        HttpResponse<String> all = call("viewer", "");
        assertEquals(all.body(), 200, all.statusCode());
        assertTrue(
                all.body(),
                all.body().matches("(?s).*<(\\w+:)?event><(\\w+:)?id>1</.*<(\\w+:)?type>driver\\.started<.*"));
        assertTrue(all.body(), all.body().matches("(?s).*<(\\w+:)?lastId>1</.*<(\\w+:)?more>false<.*"));

        HttpResponse<String> after = call("viewer", "<s:afterId>1</s:afterId><s:limit>10</s:limit>");
        assertFalse(after.body(), after.body().contains("driver.started"));
        assertTrue(after.body(), after.body().matches("(?s).*<(\\w+:)?lastId>1</.*"));

        HttpResponse<String> filtered = call("viewer", "<s:type>vm.started</s:type><s:type>host.up</s:type>");
        assertFalse(filtered.body(), filtered.body().contains("driver.started"));
        assertTrue(call("viewer", "<s:subjectType>driver</s:subjectType><s:subjectId>demo</s:subjectId>")
                .body()
                .contains("driver.started"));
    }

    @Test
    public void badValuesAreFaultsAndStrangersAreRefused() throws Exception {
        for (String bad : new String[] {
            "<s:limit>0</s:limit>", "<s:limit>501</s:limit>", "<s:afterId>-1</s:afterId>", "<s:type>vm started</s:type>"
        }) {
            HttpResponse<String> fault = call("viewer", bad);
            assertEquals(bad, 500, fault.statusCode());
            assertTrue(fault.body(), fault.body().contains("INVALID_INPUT"));
        }
        assertEquals(401, call(null, "").statusCode());
        assertEquals(403, call("nobody", "").statusCode());
        assertTrue(server.send("GET", "/soap/events?wsdl", "viewer", null, null)
                .body()
                .contains("listEventsSince"));
    }
}
