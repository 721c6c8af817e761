package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.strata.ws.http.TestServer.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.ClassRule;
import org.junit.Test;

/** Query parameters over real HTTP: an unknown one is a 400 naming it, the known ones still work. */
public class QueryParameterHttpTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    /** Asserts a 400 INVALID_INPUT problem+json and returns its detail. */
    private static String invalid(HttpResponse<String> response) throws Exception {
        JsonNode body = problem(response, 400, "INVALID_INPUT");
        assertEquals(400, body.get("status").asInt());
        assertEquals("urn:strata:problem:invalid-input", body.get("type").asText());
        return body.get("detail").asText();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return server.send("GET", "/api/v1" + path, "admin", null, null);
    }

    @Test
    public void anUnknownParameterIs400NamingItAndWhatTheOperationTakes() throws Exception {
        assertEquals(
                "unknown query parameter 'limt'; this operation takes limit, offset",
                invalid(get("/datacenters?limt=5")));
        assertEquals(
                "unknown query parameter 'datacentre'; this operation takes datacenter, limit, offset",
                invalid(get("/hosts?datacentre=dc-1")));
        assertEquals(
                "unknown query parameter 'Limit'; this operation takes limit, offset",
                invalid(get("/datacenters?Limit=5")));
        assertEquals(
                "unknown query parameter 'verbose'; this operation takes no query parameters",
                invalid(get("/drivers?verbose=true")));
        assertEquals(
                "unknown query parameter 'since'; this operation takes from, to",
                invalid(get("/vms/vm-1/stats?since=2024-05-01T10:00:00Z")));
    }

    @Test
    public void severalUnknownParametersAreNamedTogetherAndBounded() throws Exception {
        assertEquals(
                "unknown query parameters 'a', 'b'; this operation takes limit, offset, state",
                invalid(get("/tasks?b=1&limit=5&a=2")));
        StringBuilder many = new StringBuilder("/events?");
        for (int i = 0; i < 8; i++) {
            many.append("p").append(i).append("=1&");
        }
        String detail = invalid(get(many + "x" + "y".repeat(100) + "=1"));
        assertTrue(detail, detail.startsWith("unknown query parameters 'p0', 'p1', 'p2', 'p3', 'p4' and 4 more;"));
        assertFalse(detail, detail.contains("yyyy".repeat(20)));
    }

    /** What takes effect before the operation runs: a task-starting request with a typo starts nothing. */
    @Test
    public void aTaskIsNotStartedWhenAParameterIsUnknown() throws Exception {
        int before = server.vms.calls.size();
        String detail = invalid(server.send("POST", "/api/v1/vms/vm-2/actions/start?wiat=5", "admin", null, null));
        assertEquals("unknown query parameter 'wiat'; this operation takes timeout, wait", detail);
        assertEquals(before, server.vms.calls.size());
        assertEquals(
                "unknown query parameter 'timout'; this operation takes wait",
                invalid(server.send("POST", "/api/v1/hosts/h-1/refresh?timout=5", "admin", null, null)));
    }

    /** CXF would read these to override Accept, Content-Type or the method; they are not part of the API. */
    @Test
    public void cxfsOwnOverridesAreUnknownToo() throws Exception {
        assertTrue(invalid(get("/datacenters?_type=json")).startsWith("unknown query parameter '_type';"));
        assertTrue(invalid(get("/datacenters?_ctype=json")).startsWith("unknown query parameter '_ctype';"));
        HttpResponse<String> override = server.send(
                "POST", "/api/v1/datacenters?_method=GET", "admin", "application/json", "{\"name\":\"never-made\"}");
        assertTrue(invalid(override).startsWith("unknown query parameter '_method';"));
        assertEquals(
                0,
                MAPPER.readTree(get("/datacenters").body()).path("items").findValues("name").stream()
                        .filter(n -> n.asText().equals("never-made"))
                        .count());
    }

    /** Authentication comes first: a stranger learns nothing about which parameters exist. */
    @Test
    public void strangersAre401WhateverTheParameters() throws Exception {
        HttpResponse<String> response = server.send("GET", "/api/v1/datacenters?nosuch=1", null, null, null);
        assertEquals(401, response.statusCode());
        assertFalse(response.body(), response.body().contains("nosuch"));
    }

    @Test
    public void knownParametersStillWork() throws Exception {
        assertEquals(200, get("/datacenters?offset=0&limit=10").statusCode());
        assertEquals(200, get("/datacenters?limit=").statusCode());
        assertEquals(200, get("/pools?datacenter=").statusCode());
        assertEquals(200, get("/tasks?state=running&offset=1").statusCode());
        assertEquals(200, get("/history?entityType=host&entityId=h-1&limit=500").statusCode());
        assertEquals(
                200,
                get("/vms/vm-1/stats?from=2024-05-01T10:00:00Z&to=2024-05-01T11:00:00Z")
                        .statusCode());
        assertEquals(200, get("/drivers").statusCode());
        assertEquals(200, get("/datacenters?").statusCode());
        HttpResponse<String> waited = server.send("POST", "/api/v1/hosts/h-1/refresh?wait=10", "admin", null, null);
        assertEquals(waited.body(), 200, waited.statusCode());
        assertEquals("SUCCEEDED", MAPPER.readTree(waited.body()).get("state").asText());
    }

    @Test
    public void offsetAndLimitOutsideTheirBoundsAre400() throws Exception {
        assertEquals("query parameter 'offset' must be 0 or more, was -1", invalid(get("/datacenters?offset=-1")));
        assertTrue(invalid(get("/hosts?offset=2147483648")).startsWith("query parameter 'offset' must be an integer"));
        assertEquals(200, get("/hosts?offset=2147483647").statusCode());
        assertEquals("query parameter 'limit' must be between 1 and 500, was 0", invalid(get("/vms?limit=0")));
        assertEquals("query parameter 'limit' must be between 1 and 500, was 501", invalid(get("/events?limit=501")));
        assertTrue(invalid(get("/history?offset=1.5")).startsWith("query parameter 'offset' must be an integer"));
    }
}
