package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.ClassRule;
import org.junit.Test;

/** The REST API over real HTTP: authentication, status codes and problem bodies. */
public class RestApiHttpTest {
    private static final String JSON = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    /** Asserts a problem+json body with the status and code, and that nothing internal leaked. */
    private static JsonNode problem(HttpResponse<String> response, int status, String code) throws Exception {
        JsonNode body = TestServer.problem(response, status, code);
        assertEquals(status, body.get("status").asInt());
        assertTrue(body.get("type").asText().startsWith("urn:strata:problem:")
                || body.get("type").asText().equals("about:blank"));
        assertFalse(body.get("title").asText().isEmpty());
        String text = response.body();
        assertFalse(
                text,
                text.contains("Exception")
                        || text.contains("java.")
                        || text.contains("org.apache")
                        || text.contains("com.fasterxml")
                        || text.contains("\tat "));
        return body;
    }

    @Test
    public void withoutValidCredentialsEverythingIs401WithAChallenge() throws Exception {
        for (String path : new String[] {"/api/v1/datacenters", "/api/v1/openapi.json", "/api/v1/nosuchthing"}) {
            HttpResponse<String> response = server.send("GET", path, null, null, null);
            problem(response, 401, "UNAUTHENTICATED");
            assertTrue(response.headers()
                    .firstValue("WWW-Authenticate")
                    .orElseThrow()
                    .startsWith("Basic realm=\"strata\""));
        }
        HttpResponse<String> wrong = server.send("GET", "/api/v1/datacenters", null, null, null);
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> badPassword = server.client()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base + "/api/v1/datacenters"))
                                .header("Authorization", TestServer.basic("admin", "wrong"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        problem(badPassword, 401, "UNAUTHENTICATED");
    }

    @Test
    public void rolesDecideWhatMayBeReadAndWritten() throws Exception {
        assertEquals(
                200,
                server.send("GET", "/api/v1/datacenters", "viewer", null, null).statusCode());
        problem(server.send("POST", "/api/v1/datacenters", "viewer", JSON, "{\"name\":\"v\"}"), 403, "FORBIDDEN");
        problem(server.send("GET", "/api/v1/datacenters", "nobody", null, null), 403, "FORBIDDEN");
    }

    @Test
    public void createReadListAndDeleteADatacenter() throws Exception {
        HttpResponse<String> created = server.send(
                "POST", "/api/v1/datacenters", "admin", JSON, "{\"name\":\"paris\",\"description\":\"main site\"}");
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode dc = MAPPER.readTree(created.body());
        String id = dc.get("id").asText();
        assertEquals("2024-05-01T10:00:00Z", dc.get("created").asText());
        assertEquals(
                server.base + "/api/v1/datacenters/" + id,
                created.headers().firstValue("Location").orElseThrow());
        assertTrue(server.inventory.principals.contains("admin"));

        HttpResponse<String> read = server.send("GET", "/api/v1/datacenters/" + id, "viewer", null, null);
        assertEquals(200, read.statusCode());
        assertEquals("paris", MAPPER.readTree(read.body()).get("name").asText());

        JsonNode page =
                MAPPER.readTree(server.send("GET", "/api/v1/datacenters?offset=0&limit=10", "viewer", null, null)
                        .body());
        assertTrue(page.get("items").isArray());
        assertEquals(0, page.get("offset").asInt());
        assertEquals(10, page.get("limit").asInt());
        assertTrue(page.get("total").asLong() >= 1);

        problem(server.send("POST", "/api/v1/datacenters", "admin", JSON, "{\"name\":\"paris\"}"), 409, "CONFLICT");
        assertEquals(
                204,
                server.send("DELETE", "/api/v1/datacenters/" + id, "admin", null, null)
                        .statusCode());
        problem(server.send("GET", "/api/v1/datacenters/" + id, "admin", null, null), 404, "NOT_FOUND");
    }

    @Test
    public void badBodiesAre400WithAUsefulDetail() throws Exception {
        assertTrue(
                problem(server.send("POST", "/api/v1/datacenters", "admin", JSON, "{\"name\":"), 400, "INVALID_INPUT")
                        .get("detail")
                        .asText()
                        .contains("JSON"));
        assertEquals(
                "malformed JSON at line 1 column 5",
                problem(server.send("POST", "/api/v1/datacenters", "admin", JSON, "{\"a\"x"), 400, "INVALID_INPUT")
                        .get("detail")
                        .asText());
        assertTrue(problem(
                        server.send("POST", "/api/v1/datacenters", "admin", JSON, "{\"name\":\"x\",\"foo\":1}"),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText()
                .startsWith("unknown field 'foo'"));
        assertEquals(
                "a JSON request body is required",
                problem(server.send("POST", "/api/v1/datacenters", "admin", JSON, ""), 400, "INVALID_INPUT")
                        .get("detail")
                        .asText());
        problem(server.send("PUT", "/api/v1/datacenters/dc-1", "admin", JSON, "null"), 400, "INVALID_INPUT");
        assertEquals(
                415,
                server.send("POST", "/api/v1/datacenters", "admin", "text/plain", "name=x")
                        .statusCode());
    }

    @Test
    public void badQueryValuesAre400NamingTheParameter() throws Exception {
        assertTrue(
                problem(server.send("GET", "/api/v1/datacenters?limit=abc", "admin", null, null), 400, "INVALID_INPUT")
                        .get("detail")
                        .asText()
                        .contains("'limit'"));
        assertTrue(problem(server.send("GET", "/api/v1/hosts?limit=100000", "admin", null, null), 400, "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("'limit'"));
        assertTrue(problem(server.send("GET", "/api/v1/pools?offset=-3", "admin", null, null), 400, "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("'offset'"));
        assertTrue(problem(server.send("GET", "/api/v1/tasks?state=FOO", "admin", null, null), 400, "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("'state'"));
        assertEquals(
                200,
                server.send("GET", "/api/v1/tasks?state=running", "admin", null, null)
                        .statusCode());
    }

    @Test
    public void unknownThingsAre404AndWrongMethods405() throws Exception {
        problem(server.send("GET", "/api/v1/hosts/h9", "admin", null, null), 404, "NOT_FOUND");
        problem(server.send("GET", "/api/v1/nosuchthing", "admin", null, null), 404, "NOT_FOUND");
        HttpResponse<String> notAllowed = server.send("DELETE", "/api/v1/datacenters", "admin", null, null);
        problem(notAllowed, 405, "INVALID_INPUT");
        assertNotNull(notAllowed.headers().firstValue("Allow").orElse(null));
    }

    @Test
    public void powerOperationsAre202TasksAndUnknownOperations400() throws Exception {
        HttpResponse<String> accepted = server.send("POST", "/api/v1/hosts/h1/vms/vm1/shutdown", "admin", null, null);
        assertEquals(202, accepted.statusCode());
        assertEquals(
                "power-shutdown",
                MAPPER.readTree(accepted.body()).get("operation").asText());
        assertEquals(
                server.base + "/api/v1/tasks/"
                        + MAPPER.readTree(accepted.body()).get("id").asText(),
                accepted.headers().firstValue("Location").orElseThrow());
        assertEquals(
                202,
                server.send("POST", "/api/v1/hosts/h1/refresh", "admin", null, null)
                        .statusCode());
        HttpResponse<String> waited = server.send("POST", "/api/v1/hosts/h1/refresh?wait=10", "admin", null, null);
        assertEquals(waited.body(), 200, waited.statusCode());
        assertEquals("SUCCEEDED", MAPPER.readTree(waited.body()).get("state").asText());
        assertEquals(
                200,
                server.send("POST", "/api/v1/hosts/h1/vms/vm1/start?wait=5", "admin", null, null)
                        .statusCode());
        problem(server.send("POST", "/api/v1/hosts/h1/refresh?wait=-1", "admin", null, null), 400, "INVALID_INPUT");
        assertTrue(problem(
                        server.send("POST", "/api/v1/hosts/h1/vms/vm1/reboot", "admin", null, null),
                        400,
                        "INVALID_INPUT")
                .get("detail")
                .asText()
                .contains("operation"));
    }

    @Test
    public void aBugIs500WithAReferenceOnly() throws Exception {
        JsonNode body = problem(
                server.send("POST", "/api/v1/datacenters", "admin", JSON, "{\"name\":\"explode\"}"), 500, "INTERNAL");
        assertTrue(body.get("detail").asText().startsWith("internal error; reference "));
        assertFalse(body.toString().contains("secret"));
    }

    @Test
    public void otherListsAndTheOpenApiDocumentAreServed() throws Exception {
        JsonNode drivers = MAPPER.readTree(
                server.send("GET", "/api/v1/drivers", "viewer", null, null).body());
        assertEquals("demo", drivers.get(0).get("id").asText());
        problem(server.send("GET", "/api/v1/drivers/nope", "viewer", null, null), 404, "NOT_FOUND");
        JsonNode events = MAPPER.readTree(server.send("GET", "/api/v1/events?subject=demo", "viewer", null, null)
                .body());
        assertEquals("2024-05-01T10:00:00Z", events.at("/items/0/time").asText());
        assertEquals(
                200,
                server.send("GET", "/api/v1/history?entityType=host", "viewer", null, null)
                        .statusCode());
        HttpResponse<String> openapi = server.send("GET", "/api/v1/openapi.json", "viewer", null, null);
        assertEquals(200, openapi.statusCode());
        assertTrue(MAPPER.readTree(openapi.body()).get("openapi").asText().startsWith("3.0"));
    }
}
