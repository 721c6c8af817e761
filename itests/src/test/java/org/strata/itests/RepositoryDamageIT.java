package org.strata.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The real distribution on a damaged repository file (issue 14, finding 1): it must not start blank and write over
 * what is left, nor stay up answering 500. It stops by itself, says why and what to do, and leaves the file as it
 * was; given its file back, it starts with everything in it.
 */
public class RepositoryDamageIT {

    private static final Duration EXIT = Duration.ofSeconds(120);

    private final ObjectMapper json = new ObjectMapper();
    private Distribution strata;
    private Path file;

    @Before
    public void unpack() throws Exception {
        strata = Distribution.unpack(Path.of("target"), "damage-test");
        file = strata.home().resolve("data/strata/repository.mv.db");
    }

    @After
    public void remove() throws Exception {
        strata.close();
    }

    @Test
    public void aDamagedRepositoryStopsTheStartAndIsLeftUntouched() throws Exception {
        strata.start();
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> created = strata.send("POST", "/api/v1/datacenters", "{\"name\":\"kept-" + i + "\"}");
            assertEquals(created.body(), 201, created.statusCode());
        }
        strata.stop();
        byte[] whole = Files.readAllBytes(file);

        for (byte[] damaged : List.of(new byte[0], Arrays.copyOf(whole, 8192))) {
            Files.write(file, damaged);
            strata.startWith(List.of());
            String console = strata.awaitExit(EXIT);
            assertTrue(console, console.contains("Strata cannot start: the configuration repository " + file));
            assertTrue(console, console.contains("Restore it from a backup"));
            assertTrue(console, console.contains("H2's recovery tool"));
            assertArrayEquals("the damaged file is left as it was", damaged, Files.readAllBytes(file));
        }

        Files.write(file, whole);
        strata.start();
        var names = json.readTree(strata.send("GET", "/api/v1/datacenters?limit=100", null)
                        .body())
                .path("items");
        assertEquals("the demo datacenter and the twenty made before", 21, names.size());
        assertFalse("no second demo datacenter", names.toString().matches(".*Demo datacenter.*Demo datacenter.*"));
    }
}
