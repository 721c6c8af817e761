package org.strata.driver.iscsi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.rules.ExternalResource;

/**
 * A real tgtd for one test class: the one {@code STRATA_TEST_ISCSI_ADDRESS} names (a tgtd that
 * {@code tools/test-env/tgt.sh start} printed), else one of its own, started with that script on a free port and
 * stopped after the class. Every pool a test asks for is a new target, removed again (forced, with its files and its
 * tgt-admin file) after the class, so
 * tests never see each other's volumes even in a shared tgtd.
 */
final class TestTgtd extends ExternalResource {

    private static final Path SCRIPT = Path.of("../../tools/test-env/tgt.sh");

    private String name;
    private IscsiAddress base;
    private final List<String> pools = new java.util.ArrayList<>();

    @Override
    protected void before() throws Exception {
        String given = System.getenv("STRATA_TEST_ISCSI_ADDRESS");
        if (given != null && !given.isBlank()) {
            base = IscsiAddress.parse(given);
            return;
        }
        name = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> lines = parse(script("start"));
        String address = lines.get("STRATA_TEST_ISCSI_ADDRESS");
        if (address == null) {
            throw new AssertionError("tgt.sh start printed no address");
        }
        base = IscsiAddress.parse(address);
    }

    @Override
    protected void after() {
        try {
            Tgtadm tgtadm = tgtadm();
            for (Tgtadm.Target t : tgtadm.targets()) {
                if (pools.contains(t.iqn())) {
                    tgtadm.run(
                            "remove test target",
                            "--mode",
                            "target",
                            "--op",
                            "delete",
                            "--force",
                            "--tid",
                            Integer.toString(t.tid()));
                }
            }
            for (String pool : pools) {
                deleteTree(base.dir().resolve(pool));
                Files.deleteIfExists(base.dir().resolve(pool + ".conf"));
            }
        } catch (RuntimeException | IOException e) {
            throw new AssertionError("could not remove the test targets: " + e.getMessage(), e);
        } finally {
            if (name != null) {
                try {
                    script("stop");
                } catch (Exception e) {
                    throw new AssertionError("could not stop the test tgtd: " + e.getMessage(), e);
                }
            }
        }
    }

    /** A new pool's IQN; the target is made by the driver when a session opens with {@link #address}. */
    String newPool() {
        String iqn =
                "iqn.2026-12.org.strata.test:" + UUID.randomUUID().toString().substring(0, 12);
        pools.add(iqn);
        return iqn;
    }

    /** The address of this tgtd offering the given pools. */
    String address(String... pools) {
        StringBuilder a = new StringBuilder("iscsi://" + base.portal() + "/?dir=" + base.dir());
        if (base.control() != null) {
            a.append("&control=").append(base.control());
        }
        for (String p : pools) {
            a.append("&pool=").append(p);
        }
        return a.toString();
    }

    /** The driver, allowed to keep volumes in this tgtd's folder only. */
    IscsiStorageDriver driver() {
        return new IscsiStorageDriver(Map.of("dirs.allowed", base.dir().toString()));
    }

    IscsiAddress base() {
        return base;
    }

    /** tgtadm on this tgtd, for the tests' own look at what the driver did. */
    Tgtadm tgtadm() {
        return new Tgtadm("tgtadm", base.control());
    }

    private String script(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(SCRIPT.toString(), command, name)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("tools/test-env/tgt.sh " + command + " failed: " + out);
        }
        return out;
    }

    private static Map<String, String> parse(String out) {
        Map<String, String> lines = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("STRATA_TEST_") && eq > 0) {
                lines.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return lines;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
