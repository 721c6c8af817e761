package org.strata.driver.os.debian;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.strata.spi.os.OsCommand;
import org.strata.spi.os.PackageRequirement;
import org.strata.spi.os.PackageSource;

/**
 * The driver's patch commands run for real, as root, by this machine's own APT and dpkg (Debian 12), in a throwaway
 * copy of its root: an overlay over {@code /} whose writes go to a temporary folder, mounted in a mount namespace of
 * its own ({@code unshare -m}) and entered with {@code chroot}, so nothing of the machine changes. The package is
 * one the test builds with {@code dpkg-deb} (with a configuration file), served as a flat repository by an HTTP
 * server on 127.0.0.1. It shows: {@code dpkg -i} (offline) installs 1.0; the patch from the repository brings 1.1,
 * keeps the configuration file the admin changed, and leaves the guest's sources as they were; a minimum the
 * repository cannot reach and a package it does not have fail the patch, and the sources are as they were after
 * the failure too. What a real guest adds (the agent, a snapshot, a reboot) is the lead's end-to-end test.
 */
public class DebianPatchRunTest {

    private final DebianOsDriver driver = new DebianOsDriver();
    private Path dir;
    private HttpServer http;

    @Before
    public void makeRepository() throws Exception {
        dir = Files.createTempDirectory("strata-apt");
        for (String d : List.of("repo", "debs", "up", "work", "merged")) {
            Files.createDirectories(dir.resolve(d));
        }
        Path p10 = deb("1.0", dir.resolve("debs"));
        Path p11 = deb("1.1", dir.resolve("repo"));
        Files.writeString(dir.resolve("repo/Packages"), stanza(p11), StandardCharsets.UTF_8);
        // the 1.0 file inside the copy of the root, where an offline patch finds its files
        Path inImage = Files.createDirectories(dir.resolve("up/var/tmp/strata-kit"));
        Files.copy(p10, inImage.resolve(p10.getFileName()));

        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            Path file = dir.resolve("repo")
                    .resolve(exchange.getRequestURI().getPath().substring(1))
                    .normalize();
            if (!file.startsWith(dir.resolve("repo")) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (var out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
            exchange.close();
        });
        http.start();
    }

    @After
    public void removeAll() throws IOException {
        if (http != null) {
            http.stop(0);
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    public void installsOfflineThenPatchesFromTheRepositoryAndLeavesTheSourcesAsTheyWere() throws Exception {
        long start = System.nanoTime();
        String sources = inRoot("/bin/sh", "-c", "ls -A /etc/apt/sources.list.d; cat /etc/apt/sources.list 2>&1")
                .out();

        List<OsCommand> offline = driver.offlinePatchCommands(
                DebianPackagesTest.GUEST, List.of("/var/tmp/strata-kit/strata-kit-p_1.0_all.deb"));
        assertEquals(1, offline.size());
        Tools.Result r = inRoot(offline.get(0).argv());
        assertEquals(r.out() + r.err(), 0, r.exit());
        assertEquals("1.0", installedVersion());
        Files.writeString(dir.resolve("up/etc/strata-kit-p.conf"), "changed by the admin\n");

        PackageSource source =
                PackageSource.flat("http://127.0.0.1:" + http.getAddress().getPort() + "/");
        for (OsCommand c : driver.patchCommands(
                DebianPackagesTest.GUEST, source, List.of(new PackageRequirement("strata-kit-p", "1.1")))) {
            r = inRoot(c.argv());
            assertEquals(r.out() + r.err(), 0, r.exit());
        }
        assertEquals("1.1", installedVersion());
        assertEquals(
                "the admin's configuration is kept",
                "changed by the admin\n",
                Files.readString(dir.resolve("up/etc/strata-kit-p.conf")));
        assertEquals("the guest's sources are as they were", sources, sourcesNow());

        // the repository has no 1.2: its install would find 1.1 there (as above), its check fails the patch
        List<OsCommand> tooNew = driver.patchCommands(
                DebianPackagesTest.GUEST, source, List.of(new PackageRequirement("strata-kit-p", "1.2")));
        Tools.Result check = inRoot(tooNew.get(1).argv());
        assertNotEquals(0, check.exit());
        assertTrue(check.err(), check.err().contains("strata-kit-p is at 1.1 after the patch, older than 1.2"));

        List<OsCommand> missing = driver.patchCommands(
                DebianPackagesTest.GUEST, source, List.of(new PackageRequirement("strata-kit-missing", null)));
        Tools.Result failed = inRoot(missing.get(0).argv());
        assertNotEquals(0, failed.exit());
        assertTrue(failed.err(), failed.err().contains("strata-kit-missing"));
        assertEquals("the sources are as they were after a failure too", sources, sourcesNow());
        assertFalse(Files.exists(dir.resolve("up" + Apt.SOURCE_LIST)));
        System.out.println(
                "offline install, patch and two failed patches in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    private String installedVersion() throws Exception {
        Tools.Result r = inRoot("/usr/bin/dpkg-query", "-W", "-f=${Version}", "strata-kit-p");
        assertEquals(r.err(), 0, r.exit());
        return r.out();
    }

    private String sourcesNow() throws Exception {
        return inRoot("/bin/sh", "-c", "ls -A /etc/apt/sources.list.d; cat /etc/apt/sources.list 2>&1")
                .out();
    }

    private Tools.Result inRoot(String... argv) throws Exception {
        return inRoot(List.of(argv));
    }

    /** Runs {@code argv} as root in the overlay copy of this machine's root, in a mount namespace of its own. */
    private Tools.Result inRoot(List<String> argv) throws Exception {
        String merged = dir.resolve("merged").toString();
        List<String> c = new ArrayList<>(List.of(
                "/usr/bin/unshare",
                "-m",
                "--propagation",
                "private",
                "/bin/sh",
                "-c",
                "set -e; mount -t overlay overlay -o lowerdir=/,upperdir=\"$1\",workdir=\"$2\" \"$3\";"
                        + " mount --rbind /dev \"$3/dev\"; mount -t proc proc \"$3/proc\"; m=$3; shift 3;"
                        + " exec chroot \"$m\" \"$@\"",
                "in-root",
                dir.resolve("up").toString(),
                dir.resolve("work").toString(),
                merged));
        c.addAll(argv);
        return Tools.run(c);
    }

    /** strata-kit-p VERSION, architecture all, with the configuration file /etc/strata-kit-p.conf. */
    private Path deb(String version, Path into) throws Exception {
        Path tree = dir.resolve("build-" + version);
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(
                tree.resolve("DEBIAN/control"),
                "Package: strata-kit-p\nVersion: " + version + "\nArchitecture: all\nMaintainer: Strata tests"
                        + " <tests@strata.invalid>\nDescription: Strata test package\n");
        Files.writeString(tree.resolve("DEBIAN/conffiles"), "/etc/strata-kit-p.conf\n");
        Files.writeString(tree.resolve("etc/strata-kit-p.conf"), "as shipped in " + version + "\n");
        Path deb = into.resolve("strata-kit-p_" + version + "_all.deb");
        Tools.Result r = Tools.run(
                List.of("/usr/bin/dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString()));
        assertEquals(r.err(), 0, r.exit());
        return deb;
    }

    /** The deb's Packages stanza: its control fields, as dpkg-deb reads them, and where and what the file is. */
    private static String stanza(Path deb) throws Exception {
        Tools.Result control = Tools.run(List.of("/usr/bin/dpkg-deb", "-f", deb.toString()));
        assertEquals(control.err(), 0, control.exit());
        byte[] bytes = Files.readAllBytes(deb);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        return control.out().stripTrailing() + "\nFilename: ./" + deb.getFileName() + "\nSize: " + bytes.length
                + "\nSHA256: " + sha256 + "\n\n";
    }
}
