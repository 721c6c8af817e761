package org.strata.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The concurrent-clients benchmark's harness ({@code bench/http.sh --smoke}, issue 16), run end to end against the
 * distribution this build made: that it boots Strata over HTTPS, drives each read with wrk and authenticated
 * requests, writes a results row per read and times the logins. It checks the harness, not the speed: the figures
 * come from the script run by hand (docs/performance.md).
 */
public class HttpSmokeIT {

    private static final List<String> READS = List.of("drivers", "host", "datacenters");

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aShortRunReadsEveryRouteWithWrkAndWritesARowEach() throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Path csv = temp.getRoot().toPath().resolve("http.csv");
        File log = new File(root.toFile(), "bench/target/http-smoke.log");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", root.resolve("bench/http.sh").toString(), "--smoke")
                .redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().put("HTTP_CSV", csv.toString());
        Process http = pb.start();
        boolean ended = http.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            http.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue("http.sh did not end within 5 minutes:\n" + output, ended);
        assertEquals("http.sh failed:\n" + output, 0, http.exitValue());

        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertEquals(output, 1 + READS.size(), lines.size());
        List<String> columns = List.of(lines.get(0).split(","));
        for (int i = 0; i < READS.size(); i++) {
            // The errors column is last and quoted; the figures before it hold no commas.
            List<String> row = List.of(lines.get(i + 1).split(",", columns.size()));
            assertEquals(lines.get(i + 1), READS.get(i), row.get(columns.indexOf("read")));
            assertEquals("https", row.get(columns.indexOf("scheme")));
            assertEquals("8", row.get(columns.indexOf("connections")));
            assertTrue(
                    "wrk got answers: " + lines.get(i + 1),
                    Double.parseDouble(row.get(columns.indexOf("requests_per_s"))) > 0);
            assertFalse(
                    "every answer was a 2xx (the credentials and the route work): " + lines.get(i + 1),
                    row.get(columns.indexOf("errors")).contains("Non-2xx"));
        }
        assertTrue(output, output.contains("a correct login over REST"));
        assertTrue(output, output.contains("checked by the realm:"));
    }
}
