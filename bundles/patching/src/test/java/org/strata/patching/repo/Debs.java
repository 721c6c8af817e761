package org.strata.patching.repo;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real Debian packages for the tests, built by dpkg-deb in the test's own folder. */
final class Debs {

    private Debs() {}

    /**
     * A tiny package of one documentation file.
     *
     * @param compression dpkg-deb's -Z: xz, gzip, zstd or none (the control archive follows it)
     * @param check       false to build with --nocheck (a control file dpkg-deb would refuse)
     */
    static Path build(Path folder, String control, String compression, boolean check) throws Exception {
        Path root = Files.createTempDirectory(folder, "pkg-");
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"), control, StandardCharsets.UTF_8);
        Path doc = root.resolve("usr/share/doc/strata-test");
        Files.createDirectories(doc);
        Files.writeString(doc.resolve("README"), "made by Strata's tests\n");
        Path deb = folder.resolve(root.getFileName() + ".deb");
        List<String> command = check
                ? List.of(
                        "dpkg-deb",
                        "--root-owner-group",
                        "-Z" + compression,
                        "--build",
                        root.toString(),
                        deb.toString())
                : List.of(
                        "dpkg-deb",
                        "--nocheck",
                        "--root-owner-group",
                        "-Z" + compression,
                        "--build",
                        root.toString(),
                        deb.toString());
        assertEquals("dpkg-deb --build", 0, run(command, folder));
        return deb;
    }

    static Path build(Path folder, String name, String version, String compression) throws Exception {
        return build(
                folder,
                "Package: " + name + "\nVersion: " + version + "\nArchitecture: all\n"
                        + "Maintainer: Strata tests <strata@localhost>\nDescription: a test package\n"
                        + " of Strata's package repositories.\n",
                compression,
                true);
    }

    private static int run(List<String> command, Path folder) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("dpkg-deb.log").toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dpkg-deb did not finish in 60 s");
        }
        return p.exitValue();
    }
}
