package org.strata.driver.nfs;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.rules.ExternalResource;

/**
 * The real NFS server the tests run against: the one named by {@code STRATA_TEST_NFS_URL} and
 * {@code STRATA_TEST_NFS_EXPORT_DIR} (the folder it exports, which the tests read as a witness independent of the
 * driver), or else a private ganesha that tools/test-env/nfs.sh starts for the test class and stops after it. Each
 * test gets a directory of its own in the export, removed after it.
 */
final class NfsServer extends ExternalResource {

    private static final Path SCRIPT = Path.of("../../tools/test-env/nfs.sh");

    private boolean startedHere;
    private String url;
    private Path exportDir;

    @Override
    protected void before() throws Throwable {
        String envUrl = System.getenv("STRATA_TEST_NFS_URL");
        String envDir = System.getenv("STRATA_TEST_NFS_EXPORT_DIR");
        if (envUrl != null && !envUrl.isBlank() && envDir != null && !envDir.isBlank()) {
            url = envUrl;
            exportDir = Path.of(envDir);
            return;
        }
        // Started here only when none answers, so that a server someone else started is never stopped by a test.
        Map<String, String> lines = script("status", false);
        if (lines.isEmpty()) {
            lines = script("start", true);
            startedHere = true;
        }
        url = lines.get("STRATA_TEST_NFS_URL");
        exportDir = Path.of(lines.get("STRATA_TEST_NFS_EXPORT_DIR"));
    }

    @Override
    protected void after() {
        if (startedHere) {
            try {
                script("stop", true);
            } catch (Exception e) {
                throw new AssertionError("could not stop the test NFS server: " + e.getMessage(), e);
            }
        }
    }

    boolean startedHere() {
        return startedHere;
    }

    /** Stops ganesha and starts it again with its configuration as it now is; returns once it answers. */
    void restartGanesha() throws Exception {
        Path dir = exportDir.getParent();
        Path pidFile = dir.resolve("ganesha.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle old = ProcessHandle.of(pid).orElseThrow();
        old.destroy();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (alive(pid)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ganesha " + pid + " did not stop within 20 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        Process p = new ProcessBuilder(
                        "ganesha.nfsd",
                        "-f",
                        dir.resolve("ganesha.conf").toString(),
                        "-L",
                        dir.resolve("ganesha.log").toString(),
                        "-p",
                        pidFile.toString(),
                        "-N",
                        "NIV_EVENT")
                .redirectErrorStream(true)
                .start();
        assertEquals("ganesha.nfsd started again", 0, p.waitFor());
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!script("status", false).containsKey("STRATA_TEST_NFS_URL")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ganesha did not answer within 20 s of its restart");
            }
        }
    }

    /** Alive and not a zombie (a daemon's parent may never reap it). */
    private static boolean alive(long pid) throws IOException {
        Path status = Path.of("/proc/" + pid + "/status");
        if (!Files.exists(status)) {
            return false;
        }
        try {
            return Files.readAllLines(status).stream().noneMatch(l -> l.startsWith("State:") && l.contains("Z"));
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    String url() {
        return url;
    }

    Path exportDir() {
        return exportDir;
    }

    /** A new directory of the export for one test, and its address: {@code nfs://.../strata-test/t-1a2b3c4d}. */
    Backend newBackend(String... pools) throws IOException {
        String name = "t-" + UUID.randomUUID().toString().substring(0, 8);
        Path dir = Files.createDirectory(exportDir.resolve(name));
        for (String pool : pools) {
            Files.createDirectory(dir.resolve(pool));
        }
        return new Backend(url + "/" + name, dir);
    }

    /** One test's directory: its address and the folder on disk. */
    record Backend(String address, Path dir) {
        void remove() throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Map<String, String> script(String verb, boolean mustSucceed) throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), verb)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("nfs.sh " + verb + " did not finish within 120 s");
        }
        if (mustSucceed) {
            assertEquals("nfs.sh " + verb + " (needs root and Debian's nfs-ganesha)", 0, p.exitValue());
        }
        Map<String, String> lines = new HashMap<>();
        if (p.exitValue() == 0) {
            for (String line : out.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    lines.put(line.substring(0, eq), line.substring(eq + 1).trim());
                }
            }
        }
        return lines;
    }
}
