package org.strata.driver.os.rhel;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throwaway rpm root in a temporary folder, with packages built by the real rpmbuild of this machine (Debian's
 * {@code rpm} package, rpm 4.18): where the driver's rpm commands run for real, with {@code --root} added. Not a
 * RHEL system: dnf and a RHEL rpm database are not here.
 */
final class RpmRoot implements AutoCloseable {

    final Path dir;
    final Path root;
    private final Path top;

    RpmRoot() throws IOException {
        dir = Files.createTempDirectory("strata-rpm");
        root = Files.createDirectories(dir.resolve("root"));
        top = dir.resolve("top");
    }

    /** Builds an empty noarch package and gives its file. */
    Path build(String name, String epoch, String version, String release) throws Exception {
        Path spec = dir.resolve(name + "-" + version + ".spec");
        Files.writeString(
                spec,
                "Name: " + name + "\n" + (epoch == null ? "" : "Epoch: " + epoch + "\n") + "Version: " + version
                        + "\nRelease: " + release + "\nSummary: Strata test package\nLicense: MIT\n"
                        + "BuildArch: noarch\n%description\nStrata test package\n%files\n");
        Tools.Result r = Tools.run(List.of(
                "/usr/bin/rpmbuild",
                "-bb",
                "--define",
                "_topdir " + top,
                "--define",
                "_build_id_links none",
                spec.toString()));
        assertEquals(r.err(), 0, r.exit());
        try (Stream<Path> files = Files.walk(top.resolve("RPMS"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(name + "-" + version + "-" + release))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** Runs one of the driver's rpm commands in this root: {@code --root DIR} after the program. */
    Tools.Result run(List<String> argv) throws Exception {
        assertEquals("/usr/bin/rpm", argv.get(0));
        List<String> c = new ArrayList<>(List.of(argv.get(0), "--root", root.toString(), "--nodeps"));
        c.addAll(argv.subList(1, argv.size()));
        if (!c.contains("-U") && !c.contains("-i")) {
            c.remove("--nodeps");
        }
        return Tools.run(c);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
