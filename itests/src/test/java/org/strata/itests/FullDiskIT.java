package org.strata.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The real distribution with its repository on a file system that fills up (issue 14, finding 2): a 32 MB tmpfs
 * mounted on data/strata inside a mount namespace of the JVM's own (unshare), so that the mount goes with the JVM.
 * While the disk is full writes answer 503 UNAVAILABLE and readiness says so; once there is room again the
 * repository works without a restart, and every write that was acknowledged is there.
 */
public class FullDiskIT {

    private final ObjectMapper json = new ObjectMapper();
    private Distribution strata;
    private Path repositoryDir;

    @Before
    public void unpack() throws Exception {
        strata = Distribution.unpack(Path.of("target"), "full-disk-test");
        repositoryDir = strata.home().resolve("data/strata");
        Files.createDirectories(repositoryDir);
    }

    @After
    public void remove() throws Exception {
        strata.close();
    }

    @Test
    public void aFullDiskIsSurvivedWithoutARestart() throws Exception {
        List<String> prefix = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private"));
        if (!"root".equals(System.getProperty("user.name"))) {
            prefix.add("--map-root-user");
        }
        prefix.addAll(List.of(
                "sh", "-c", "mount -t tmpfs -o size=32m tmpfs \"$0\" && exec \"$@\"", repositoryDir.toString()));
        strata.startWith(prefix);
        strata.awaitReady();
        List<String> acknowledged = new ArrayList<>();
        create("before", acknowledged);

        // The JVM's view of the repository's folder, inside its mount namespace.
        Path inside = Path.of("/proc", Long.toString(strata.process().pid()), "root")
                .resolve(repositoryDir.toString().substring(1));
        Path filler = inside.resolve("filler");
        fill(filler);

        int refused = 0;
        for (int i = 0; i < 50 && refused == 0; i++) {
            HttpResponse<String> r = strata.send(
                    "POST",
                    "/api/v1/datacenters",
                    "{\"name\":\"during-" + i + "\",\"description\":\"" + "x".repeat(2000) + "\"}");
            if (r.statusCode() == 201) {
                acknowledged.add("during-" + i);
                continue;
            }
            assertEquals(r.body(), 503, r.statusCode());
            JsonNode problem = json.readTree(r.body());
            assertEquals("UNAVAILABLE", problem.path("code").asText());
            assertTrue(r.body(), problem.path("detail").asText().contains("no space left"));
            refused++;
        }
        assertEquals("a write was refused while the disk was full", 1, refused);
        assertEquals(503, strata.send("GET", "/api/v1/health/ready", null, null).statusCode());
        HttpResponse<String> health = strata.send("GET", "/api/v1/health", null);
        assertTrue(health.body(), health.body().contains("no space left"));

        Files.delete(filler);
        awaitReady();
        create("after", acknowledged);
        JsonNode items = json.readTree(strata.send("GET", "/api/v1/datacenters?limit=100", null)
                        .body())
                .path("items");
        for (String name : acknowledged) {
            assertTrue(name + " was acknowledged: " + items, items.toString().contains("\"" + name + "\""));
        }
    }

    private void create(String name, List<String> acknowledged) throws Exception {
        HttpResponse<String> r = strata.send("POST", "/api/v1/datacenters", "{\"name\":\"" + name + "\"}");
        assertEquals(r.body(), 201, r.statusCode());
        acknowledged.add(name);
    }

    /** Writes until the file system is full. */
    private static void fill(Path filler) {
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(filler)) {
            for (int i = 0; i < 64; i++) {
                out.write(block);
            }
            throw new AssertionError("64 MB fitted on a 32 MB file system");
        } catch (IOException full) {
            assertTrue(full.getMessage(), String.valueOf(full.getMessage()).contains("No space left"));
        }
    }

    /** Readiness comes back by itself: the health check tries a write of its own. */
    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (strata.send("GET", "/api/v1/health/ready", null, null).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready again within 60 s of freeing the disk");
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos()); // poll interval
        }
    }
}
