package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The real distribution, started as an operator would start it and killed with SIGKILL: what the API
 * acknowledged before the crash is there after the restart. Runs outside Pax Exam, because the test must
 * outlive the JVM it kills.
 */
public class CrashRecoveryIT {

    private static final String PASSWORD = "crash-test";

    private final ObjectMapper json = new ObjectMapper();
    private Distribution strata;
    private Path home;

    @Before
    public void unpack() throws Exception {
        strata = Distribution.unpack(Path.of("target"), PASSWORD);
        home = strata.home();
    }

    @After
    public void kill() throws Exception {
        strata.close();
    }

    @Test
    public void acknowledgedChangesSurviveAKill() throws Exception {
        strata.start();
        HttpResponse<String> created = send("POST", "/api/v1/datacenters", "{\"name\":\"Before the crash\"}");
        assertEquals(created.body(), 201, created.statusCode());
        String id = json.readTree(created.body()).path("id").asText();
        String hostId = hostId();
        HttpResponse<String> withPassword = send("POST", "/api/v1/hosts", "{\"name\":\"secret-host\",\"datacenterId\":\""
                + id + "\",\"driverId\":\"demo\",\"address\":\"test:///default\",\"username\":\"root\",\"password\":\"p4ss\"}");
        assertEquals(withPassword.body(), 201, withPassword.statusCode());

        strata.kill(); // SIGKILL: no shutdown hook, no clean close
        strata.start();

        JsonNode dc = json.readTree(send("GET", "/api/v1/datacenters/" + id, null).body());
        assertEquals("Before the crash", dc.path("name").asText());
        JsonNode history = json.readTree(send("GET", "/api/v1/history?entityId=" + id, null).body());
        assertEquals(1, history.path("total").asLong());
        assertEquals(hostId, hostId());
        String secretHost = json.readTree(withPassword.body()).path("id").asText();
        HttpResponse<String> vms = send("GET", "/api/v1/hosts/" + secretHost + "/vms", null);
        assertEquals(vms.body(), 200, vms.statusCode());
        assertTrue("the password is stored encrypted, with its key beside the distribution",
                Files.exists(home.resolve("etc/strata-secret.key")));
        for (Path file : (Iterable<Path>) Files.walk(home.resolve("data/strata"))::iterator) {
            if (Files.isRegularFile(file)) {
                assertTrue(file + " holds the password in clear",
                        !new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("p4ss"));
            }
        }
    }

    private String hostId() throws Exception {
        return RestApiIT.host(json.readTree(send("GET", "/api/v1/hosts", null).body()), "demo-host").path("id").asText();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return strata.send(method, path, body);
    }
}
