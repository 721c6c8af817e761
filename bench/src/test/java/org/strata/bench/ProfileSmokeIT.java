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
 * The per-operation profile's harness ({@code bench/profile.sh}, issue 16), run end to end with a few operations
 * against the distribution this build made: that it boots Strata, drives every kind of operation, reads the JFR
 * recordings and the H2 trace, and writes its tables. It checks the harness, not the speed: the figures come from
 * the script run by hand (docs/performance.md).
 */
public class ProfileSmokeIT {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aShortProfileRunsEndToEndAndWritesEveryPhasesTables() throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Path result = temp.getRoot().toPath().resolve("profile-demo.md");
        File log = new File(root.toFile(), "bench/target/profile-smoke.log");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", root.resolve("bench/profile.sh").toString(), "5", "5")
                .redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().put("PROFILE_RESULT", result.toString());
        pb.environment().put("TRACE_OPS", "3");
        Process profile = pb.start();
        boolean ended = profile.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            profile.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue("profile.sh did not end within 10 minutes:\n" + output, ended);
        assertEquals("profile.sh failed:\n" + output, 0, profile.exitValue());

        String tables = Files.readString(result, StandardCharsets.UTF_8);
        for (String phase : List.of("list", "get", "define", "start", "poweroff", "delete")) {
            assertTrue(phase + " has its breakdown:\n" + tables, tables.contains("### " + phase + ": 5 operations"));
        }
        assertTrue("the cost buckets are priced:\n" + tables, tables.contains("ms/op (share x application CPU/op)"));
        assertTrue(
                "the H2 trace counted commits per operation:\n" + tables,
                tables.lines().anyMatch(l -> l.startsWith("define\tsql commit\t")));
        assertTrue("the results went where they were asked to:\n" + output, output.contains("written: " + result));
    }
}
