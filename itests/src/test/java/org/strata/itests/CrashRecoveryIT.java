package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
    private static final Duration READY = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Path home;
    private Process karaf;

    @Before
    public void unpack() throws Exception {
        home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crash-");
        File dist = new File("../assembly/target/strata-assembly-" + System.getProperty("project.version") + ".tar.gz");
        run("tar", "-xzf", dist.getAbsolutePath(), "-C", home.toString(), "--strip-components=1");
        Files.writeString(home.resolve("etc/users.properties"), "\nadmin = " + PASSWORD + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer\n", StandardOpenOption.APPEND);
    }

    @After
    public void kill() throws Exception {
        if (karaf != null && karaf.isAlive()) {
            karaf.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void acknowledgedChangesSurviveAKill() throws Exception {
        start();
        HttpResponse<String> created = send("POST", "/api/v1/datacenters", "{\"name\":\"Before the crash\"}");
        assertEquals(created.body(), 201, created.statusCode());
        String id = json.readTree(created.body()).path("id").asText();
        String hostId = hostId();
        HttpResponse<String> withPassword = send("POST", "/api/v1/hosts", "{\"name\":\"secret-host\",\"datacenterId\":\""
                + id + "\",\"driverId\":\"demo\",\"address\":\"test:///default\",\"username\":\"root\",\"password\":\"p4ss\"}");
        assertEquals(withPassword.body(), 201, withPassword.statusCode());

        karaf.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook, no clean close
        start();

        JsonNode dc = json.readTree(send("GET", "/api/v1/datacenters/" + id, null).body());
        assertEquals("Before the crash", dc.path("name").asText());
        JsonNode history = json.readTree(send("GET", "/api/v1/history?entityId=" + id, null).body());
        assertEquals(1, history.path("total").asLong());
        assertEquals(hostId, hostId());
        String secretHost = json.readTree(withPassword.body()).path("id").asText();
        assertEquals(200, send("GET", "/api/v1/hosts/" + secretHost + "/vms", null).statusCode());
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

    private void start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(home.resolve("console.log").toFile());
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        // Without it bin/karaf keeps a shell loop around the JVM, and killing the script would spare the JVM.
        builder.environment().put("KARAF_EXEC", "exec");
        karaf = builder.start();
        long deadline = System.nanoTime() + READY.toNanos();
        while (!ready()) {
            if (System.nanoTime() > deadline || !karaf.isAlive()) {
                throw new AssertionError("Strata did not become ready; see " + home.resolve("data/log/karaf.log"));
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos()); // poll interval while the JVM boots
        }
    }

    private boolean ready() {
        try {
            HttpResponse<String> drivers = send("GET", "/api/v1/drivers", null);
            return drivers.statusCode() == 200 && drivers.body().contains("\"demo\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8181" + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(String.join(" ", command), 0, p.waitFor());
    }
}
