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
 * The task runner's hand-over benchmark ({@code bench/tasks.sh}, issue 15), run with a few tasks against the
 * strata-core and strata-repository this build made: that it queues, runs and measures every round. It checks the
 * harness, not the speed: the figures come from the script run by hand (docs/performance.md).
 */
public class TasksSmokeIT {

    @Test
    public void aFewRoundsOfQueuedTasksRunAndAreMeasured() throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        File log = new File(root.toFile(), "bench/target/tasks-smoke.log");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", root.resolve("bench/tasks.sh").toString(), "60", "6", "2")
                .redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().put("BENCH_NO_BUILD", "1");
        Process tasks = pb.start();
        boolean ended = tasks.waitFor(5, TimeUnit.MINUTES);
        if (!ended) {
            tasks.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue("tasks.sh did not end within 5 minutes:\n" + output, ended);
        assertEquals("tasks.sh failed:\n" + output, 0, tasks.exitValue());
        List<String> rounds = output.lines().filter(l -> l.startsWith("round ")).toList();
        assertEquals(output, 2, rounds.size());
        for (String round : rounds) {
            assertTrue(round, round.contains(": 60 tasks on 6 targets: submit "));
            assertTrue(round, round.contains("wait once eligible p50 "));
        }
    }
}
