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
 * The console benchmark ({@code bench/console.sh}, issue 22) at 5 hosts x 4 VMs, one measured load and two state
 * changes, against the distribution this build made, in Debian's headless Chromium: that the page reports its first
 * row and its whole inventory, that both state changes reach the screen, and that a results row is written. It checks
 * the harness (and that the console keeps the hooks it reads: {@code data-testid=vm-row}, {@code vm-state},
 * {@code body.dataset.inventoryLoaded}), not the speed: the figures come from the script run by hand
 * (docs/performance.md).
 */
public class ConsoleSmokeIT {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aSmallFleetLoadsAndTwoStateChangesReachTheScreen() throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Path csv = temp.getRoot().toPath().resolve("console.csv");
        File log = new File(root.toFile(), "bench/target/console-smoke.log");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", root.resolve("bench/console.sh").toString(), "5", "4")
                .redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().put("CONSOLE_CSV", csv.toString());
        pb.environment().put("FLEET_WORK", temp.newFolder("fleet").toString());
        pb.environment().put("RUNS", "1");
        pb.environment().put("SAMPLES", "2");
        Process console = pb.start();
        boolean ended = console.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            console.destroyForcibly().waitFor();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue("console.sh did not end within 10 minutes:\n" + output, ended);
        assertEquals("console.sh failed:\n" + output, 0, console.exitValue());
        assertTrue(
                output, output.matches("(?s).*first VM row: median \\d+ ms.*whole inventory loaded: median \\d+ ms.*"));
        assertTrue(output, output.contains("of 20; first load downloaded"));
        assertTrue(output, output.matches("(?s).*badge changed in the page: p50 [0-9.]+ ms.*\\(2 samples\\).*"));
        List<String> rows = Files.readAllLines(csv);
        assertEquals(output, 2, rows.size());
        assertTrue(rows.get(1), rows.get(1).contains(",5,20,1,"));
    }
}
