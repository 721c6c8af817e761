package org.strata.driver.os.rhel;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real tools the tests hand the rendered files to (tools/test-env), run as processes with a time limit. */
final class Tools {

    static final Path TEST_ENV =
            Path.of("../../tools/test-env").toAbsolutePath().normalize();

    private Tools() {}

    record Result(int exit, String out, String err) {}

    static Result run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("strata-tool", ".out");
        Path err = Files.createTempFile("strata-tool", ".err");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs a check on {@code content} written to a temporary file; fails with the tool's own words. */
    static Result check(String content, String... command) throws IOException, InterruptedException {
        Path file = Files.createTempFile("strata-check", ".txt");
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            List<String> c = new ArrayList<>(List.of(command));
            c.add(file.toString());
            Result r = run(c);
            assertEquals(
                    String.join(" ", command) + " refused:\n" + r.err() + r.out() + "\n--- file:\n" + content,
                    0,
                    r.exit());
            return r;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Debian's debconf-set-selections --checkonly: exit 0 and no warning (it only warns about a bad line). */
    static void debconfCheck(String preseed) throws Exception {
        Result r = check(preseed, "debconf-set-selections", "--checkonly");
        assertEquals("debconf-set-selections warned:\n" + r.err(), "", r.err().trim());
    }

    static Result cloudInit(String kind, String content) throws Exception {
        return check(content, TEST_ENV.resolve("cloud-init-check.sh").toString(), kind);
    }

    /** YAML parsed by Debian's python3-yaml and printed back as JSON, for exact comparisons. */
    static String yamlAsJson(String yaml) throws Exception {
        return check(
                        yaml,
                        "/usr/bin/python3",
                        "-c",
                        "import sys, json, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1])), sort_keys=True))")
                .out()
                .trim();
    }

    /** Every {@code runcmd} entry of a user-data that runs {@code sh -c SCRIPT}: the script parses for sh -n. */
    static void runcmdScriptsParse(String userData) throws Exception {
        String scripts = check(
                        userData,
                        "/usr/bin/python3",
                        "-c",
                        "import sys, yaml\n"
                                + "for c in yaml.safe_load(open(sys.argv[1])).get('runcmd', []):\n"
                                + "    if isinstance(c, list) and c[:2] == ['sh', '-c']:\n"
                                + "        sys.stdout.write(c[2] + '\\0')")
                .out();
        assertEquals("one callback script", 1, scripts.isEmpty() ? 0 : scripts.split("\0").length);
        for (String script : scripts.split("\0")) {
            check(script + "\n", "sh", "-n");
        }
    }

    /** What the real QEMU guest agent reports for this machine's OS, or for an os-release file's. */
    static Map<String, String> guestAgentOsInfo(Path osRelease) throws Exception {
        List<String> c =
                new ArrayList<>(List.of(TEST_ENV.resolve("qemu-ga-osinfo.sh").toString()));
        if (osRelease != null) {
            c.add(osRelease.toString());
        }
        Result r = run(c);
        assertEquals("qemu-ga-osinfo.sh failed: " + r.err(), 0, r.exit());
        Map<String, String> info = new LinkedHashMap<>();
        for (String line : r.out().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                info.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return info;
    }
}
