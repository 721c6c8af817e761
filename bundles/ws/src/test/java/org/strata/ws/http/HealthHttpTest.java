package org.strata.ws.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.ClassRule;
import org.junit.Test;
import org.strata.api.health.Health;
import org.strata.api.health.HealthCheck;

/** The health endpoints over real HTTP: open to probes without credentials, details for users, 503 when not ready. */
public class HealthHttpTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ClassRule
    public static final TestServer server = new TestServer();

    @Test
    public void aProbeWithoutCredentialsGetsTheStateOnly() throws Exception {
        server.health = Health.of(List.of(
                HealthCheck.up("repository", true, null),
                HealthCheck.down("driver:kvm", false, "not running; 2 hosts use it")));
        for (String path : new String[] {"/api/v1/health", "/api/v1/health/ready"}) {
            HttpResponse<String> response = server.send("GET", path, null, null, null);
            assertEquals(response.body(), 200, response.statusCode());
            JsonNode body = MAPPER.readTree(response.body());
            assertEquals("UP", body.get("status").asText());
            assertTrue(body.get("ready").asBoolean());
            assertFalse("no details without credentials", body.has("checks"));
            assertTrue(response.headers().firstValue("Cache-Control").orElse("").contains("no-store"));
        }
        HttpResponse<String> live = server.send("GET", "/api/v1/health/live", null, null, null);
        assertEquals(200, live.statusCode());
        assertEquals("UP", MAPPER.readTree(live.body()).get("status").asText());
    }

    @Test
    public void aUserSeesEveryCheck() throws Exception {
        server.health = Health.of(List.of(
                HealthCheck.up("repository", true, null),
                HealthCheck.down("driver:kvm", false, "not running; 2 hosts use it")));
        HttpResponse<String> response = server.send("GET", "/api/v1/health", "viewer", null, null);
        assertEquals(200, response.statusCode());
        JsonNode checks = MAPPER.readTree(response.body()).get("checks");
        assertEquals(2, checks.size());
        assertEquals("driver:kvm", checks.get(1).get("name").asText());
        assertEquals("DOWN", checks.get(1).get("status").asText());
        assertFalse(checks.get(1).get("required").asBoolean());
    }

    @Test
    public void notReadyIs503() throws Exception {
        server.health = Health.of(List.of(HealthCheck.down("repository", true, "cannot be written (no space left)")));
        HttpResponse<String> probe = server.send("GET", "/api/v1/health/ready", null, null, null);
        assertEquals(503, probe.statusCode());
        assertEquals("DOWN", MAPPER.readTree(probe.body()).get("status").asText());
        HttpResponse<String> user = server.send("GET", "/api/v1/health", "admin", null, null);
        assertEquals(503, user.statusCode());
        assertTrue(user.body(), user.body().contains("no space left"));
        assertEquals(
                "live still answers",
                200,
                server.send("GET", "/api/v1/health/live", null, null, null).statusCode());
    }

    @Test
    public void credentialsThatAreSentAreChecked() throws Exception {
        HttpResponse<String> wrong = server.client()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base + "/api/v1/health"))
                                .header("Authorization", TestServer.basic("admin", "wrong"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        assertEquals(
                "other routes stay closed",
                401,
                server.send("GET", "/api/v1/healthz", null, null, null).statusCode());
        assertEquals(
                "and other methods",
                401,
                server.send("POST", "/api/v1/health", null, null, null).statusCode());
    }
}
