package org.strata.bench;

import static org.junit.Assert.assertEquals;
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
 * The event stream's latency benchmark ({@code bench/events.sh}, issue 15), run with two clients and a few events
 * against the distribution this build made, on ports of its own: that every client receives every event, in order,
 * and that a results row is written. It checks the harness, not the speed: the figures come from the script run by
 * hand (docs/performance.md).
 */
public class EventsSmokeIT {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void twoClientsReceiveEveryEventInOrderAndARowIsWritten() throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Path csv = temp.getRoot().toPath().resolve("events.csv");
        File log = new File(root.toFile(), "bench/target/events-smoke.log");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", root.resolve("bench/events.sh").toString(), "2", "10", "20")
                .redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().put("EVENTS_CSV", csv.toString());
        Process events = pb.start();
        boolean ended = events.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            events.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue("events.sh did not end within 10 minutes:\n" + output, ended);
        assertEquals("events.sh failed:\n" + output, 0, events.exitValue());
        assertTrue(output, output.contains("received 20 of 20 (all readers done), in order at 2 of 2 clients"));
        assertTrue(output, output.contains("event-to-client latency, ms: p50 "));
        List<String> rows = Files.readAllLines(csv);
        assertEquals(output, 2, rows.size());
        assertTrue(rows.get(1), rows.get(1).matches("[^,]+,[^,]+,2,10,20,[0-9.]+,[0-9.]+,[0-9.]+,[0-9.]+,20/20"));
    }
}
