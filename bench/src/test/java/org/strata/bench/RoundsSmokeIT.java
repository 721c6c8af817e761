package org.strata.bench;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.Test;

/**
 * bench/rounds.sh on 3 libvirt test hosts of 4 VMs, two hosts at a time: that it opens them through the kvm driver,
 * reads every running VM and every VM in each round, and prints the median line. Checks the harness, not the speed.
 * Needs libvirt0 only (no distribution, no port).
 */
public class RoundsSmokeIT {

    @Test
    public void threeHostsAreReadInEveryRound() throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        File log = new File(root.toFile(), "bench/target/rounds-smoke.log");
        Process rounds = new ProcessBuilder(
                        "bash", root.resolve("bench/rounds.sh").toString(), "3", "4", "2", "2")
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        boolean ended = rounds.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            rounds.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue("rounds.sh did not end within 2 minutes:\n" + output, ended);
        assertEquals("rounds.sh failed:\n" + output, 0, rounds.exitValue());
        assertTrue(output, output.contains("3 hosts x 4 VMs opened"));
        List<String> each = output.lines().filter(l -> l.startsWith("round ")).toList();
        assertEquals(output, 2, each.size());
        for (String line : each) {
            // every other VM of the fleet's host files runs
            assertTrue(line, line.contains("(6 running VMs,"));
            assertTrue(line, line.contains("(12 VMs,"));
        }
        assertTrue(output, output.contains("median of the last 1 rounds: statistics"));
    }
}
