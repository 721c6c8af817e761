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
 * The OpenAPI fuzzing pass (bench/fuzz.sh, docs/api.md), bounded to a thousand requests with a fixed seed, against
 * the distribution this build made, on ports of its own on 127.0.0.1: no 500, no stack trace, no undocumented
 * status, no answer that disagrees with the document, no request the document forbids accepted. 5xx the document
 * states (the demo drivers lack capabilities, hosts at addresses where nothing answers) are allowed.
 */
public class FuzzSmokeIT {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aThousandRequestsFromTheDocumentFindNothing() throws Exception {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Path out = temp.newFolder("out").toPath();
        File log = new File(root.toFile(), "bench/target/fuzz-smoke.log");
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        root.resolve("bench/fuzz.sh").toString(),
                        "--seed",
                        "14",
                        "--requests",
                        "1000",
                        "--seconds",
                        "300",
                        "--out",
                        out.toString(),
                        "--",
                        "--allow-documented-5xx")
                .redirectErrorStream(true)
                .redirectOutput(log);
        pb.environment().put("FUZZ_WORK", temp.newFolder("work").getPath());
        Process fuzz = pb.start();
        boolean ended = fuzz.waitFor(10, TimeUnit.MINUTES);
        if (!ended) {
            fuzz.destroyForcibly();
        }
        String output = Files.readString(log.toPath(), StandardCharsets.UTF_8);
        assertTrue("fuzz.sh did not end within 10 minutes:\n" + output, ended);
        assertEquals("findings:\n" + output, 0, fuzz.exitValue());
        List<String> summary = Files.readAllLines(out.resolve("fuzz-summary.csv"));
        assertTrue(summary.toString(), summary.contains("status_500,true,0"));
        assertTrue(summary.toString(), summary.contains("stack_trace,true,0"));
        long sent = summary.stream()
                .filter(l -> l.startsWith("requests,"))
                .mapToLong(l -> Long.parseLong(l.split(",")[2]))
                .findFirst()
                .orElse(0);
        assertTrue("requests sent: " + sent, sent >= 900);
    }
}
