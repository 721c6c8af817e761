package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        HttpResponse<String> withPassword = send(
                "POST",
                "/api/v1/hosts",
                "{\"name\":\"secret-host\",\"datacenterId\":\"" + id
                        + "\",\"driverId\":\"demo\",\"address\":\"test:///default\",\"username\":\"root\",\"password\":\"p4ss\"}");
        assertEquals(withPassword.body(), 201, withPassword.statusCode());

        strata.kill(); // SIGKILL: no shutdown hook, no clean close
        strata.start();

        JsonNode dc =
                json.readTree(send("GET", "/api/v1/datacenters/" + id, null).body());
        assertEquals("Before the crash", dc.path("name").asText());
        JsonNode history = json.readTree(
                send("GET", "/api/v1/history?entityId=" + id, null).body());
        assertEquals(1, history.path("total").asLong());
        assertEquals(hostId, hostId());
        String secretHost = json.readTree(withPassword.body()).path("id").asText();
        HttpResponse<String> vms = send("GET", "/api/v1/hosts/" + secretHost + "/vms", null);
        assertEquals(vms.body(), 200, vms.statusCode());
        assertTrue(
                "the password is stored encrypted, with its key beside the distribution",
                Files.exists(home.resolve("etc/strata-secret.key")));
        try (var files = Files.walk(home.resolve("data/strata"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file)) {
                    assertTrue(
                            file + " holds the password in clear",
                            !new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("p4ss"));
                }
            }
        }
    }

    /**
     * Four clients write at once (datacenters, pools in them, hosts with passwords) and the JVM is killed in the
     * middle: every write that was answered 201 is there after the restart, with its history.
     */
    @Test
    public void concurrentAcknowledgedWritesSurviveAKill() throws Exception {
        strata.start();
        String dc = json.readTree(send("POST", "/api/v1/datacenters", "{\"name\":\"crash-dc\"}")
                        .body())
                .path("id")
                .asText();
        java.util.Queue<String[]> acknowledged = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.execute(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String name = "w" + writer + "-" + i;
                        String[] kinds = {"datacenters", "pools", "hosts"};
                        String kind = kinds[i % 3];
                        String body = switch (kind) {
                            case "datacenters" -> "{\"name\":\"" + name + "\"}";
                            case "pools" -> "{\"name\":\"" + name + "\",\"datacenterId\":\"" + dc + "\"}";
                            default ->
                                "{\"name\":\"" + name + "\",\"datacenterId\":\"" + dc + "\",\"driverId\":\"demo\","
                                        + "\"address\":\"test:///default\",\"username\":\"root\",\"password\":\"pw-"
                                        + name + "\"}";
                        };
                        try {
                            HttpResponse<String> r = send("POST", "/api/v1/" + kind, body);
                            if (r.statusCode() == 201) {
                                acknowledged.add(new String[] {
                                    kind, json.readTree(r.body()).path("id").asText(), name
                                });
                            }
                        } catch (Exception e) {
                            return; // the JVM is gone
                        }
                    }
                });
            }
            long deadline =
                    System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
            while (acknowledged.size() < 300 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(
                        java.time.Duration.ofMillis(20).toNanos()); // poll
            }
            strata.kill(); // SIGKILL with writes in flight
            stop.set(true);
        } finally {
            writers.shutdown();
            writers.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertTrue("writes were acknowledged before the kill: " + acknowledged.size(), acknowledged.size() >= 100);

        strata.start();
        for (String[] write : acknowledged) {
            HttpResponse<String> r = send("GET", "/api/v1/" + write[0] + "/" + write[1], null);
            assertEquals(write[0] + " " + write[2] + " was acknowledged: " + r.body(), 200, r.statusCode());
            assertEquals(write[2], json.readTree(r.body()).path("name").asText());
        }
        JsonNode history =
                json.readTree(send("GET", "/api/v1/history?limit=1", null).body());
        assertTrue(
                "each acknowledged write has its history entry",
                history.path("total").asLong() >= acknowledged.size());
    }

    private String hostId() throws Exception {
        return RestApiIT.host(json.readTree(send("GET", "/api/v1/hosts", null).body()), "demo-host")
                .path("id")
                .asText();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return strata.send(method, path, body);
    }
}
