package org.strata.driver.guestfs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.image.DiskImage;
import org.strata.spi.image.FileCopy;
import org.strata.spi.image.ImageInspection;
import org.strata.spi.os.InstalledPackage;
import org.strata.spi.os.OsCommand;

/**
 * The driver against real libguestfs and the test bed's golden Debian 12 image ({@code tools/test-env/golden-image.sh
 * build}: cached, or built first), each test on a qcow2 overlay of its own so that the golden image is never
 * written. Three appliance launches in all, one at a time (about 20 s each on an idle machine under TCG, minutes
 * when the 2 cores are busy). Needs root (the golden image's cache) and Debian's libguestfs-tools.
 */
public class GuestfsRealImageTest {

    private static final Path TEST_ENV =
            Path.of("../../tools/test-env").toAbsolutePath().normalize();
    private static final String PACKAGE = "strata-probe";

    private static Path golden;
    private static Path debs;
    private static FileTime goldenModified;
    private static long goldenSize;
    private static Path tmp;
    private static GuestfsDriver driver;

    @BeforeClass
    public static void goldenImageAndPackages() throws Exception {
        tmp = Files.createTempDirectory("guestfs-real-");
        String image = null;
        for (String line :
                run(List.of("bash", TEST_ENV.resolve("golden-image.sh").toString(), "build"), 1200)) {
            if (line.startsWith("IMAGE=")) {
                image = line.substring("IMAGE=".length());
            }
        }
        assertNotNull("golden-image.sh build printed no IMAGE line", image);
        golden = Path.of(image);
        debs = golden.resolveSibling("debs");
        goldenModified = Files.getLastModifiedTime(golden);
        goldenSize = Files.size(golden);
        driver = new GuestfsDriver(Map.of("force_tcg", "true", "timeout.seconds", "900"));
    }

    @AfterClass
    public static void removeTmp() throws IOException {
        if (tmp != null) {
            try (Stream<Path> all = Files.walk(tmp)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    public void aPackageInstalledOfflineShowsInTheNextInspection() throws Exception {
        Path deb = makeDeb(PACKAGE, "1.1", false);
        DiskImage disk = overlay("patched");
        long start = System.nanoTime();
        driver.customize(
                disk,
                List.of(new FileCopy(deb.toString(), "/var/tmp/strata-patch")),
                List.of(
                        OsCommand.of("/usr/bin/dpkg", "-i", "/var/tmp/strata-patch/" + deb.getFileName()),
                        // standard input reaches the program: grep finds the line or exits 1
                        new OsCommand(List.of("/bin/grep", "-qx", "it's in"), "first\nit's in\n"),
                        // the image's machine ID stays empty (made at each clone's first boot)
                        OsCommand.of("/bin/sh", "-c", "test ! -s /etc/machine-id")));
        long customized = System.nanoTime();
        ImageInspection inspection = driver.inspect(disk);
        long inspected = System.nanoTime();
        System.out.printf(
                "guestfs: customize (copy-in, dpkg -i, 2 more commands) %d s, inspect %d s (%d packages)%n",
                TimeUnit.NANOSECONDS.toSeconds(customized - start),
                TimeUnit.NANOSECONDS.toSeconds(inspected - customized),
                inspection.packages().size());

        assertEquals("debian", inspection.os().get("id"));
        assertEquals("12", inspection.os().get("version-id"));
        assertEquals("x86_64", inspection.os().get("machine"));
        assertEquals("strata-golden", inspection.hostname());
        // the version dpkg itself gives for the .deb the golden image was built from
        assertEquals(
                new InstalledPackage("qemu-guest-agent", debVersion("qemu-guest-agent"), "amd64"),
                find(inspection, "qemu-guest-agent"));
        assertEquals(new InstalledPackage(PACKAGE, "1.1", "all"), find(inspection, PACKAGE));
        assertGoldenUnchanged();
    }

    @Test
    public void aFailingPostinstIsADriverFailureWithItsOutput() throws Exception {
        Path deb = makeDeb(PACKAGE + "-broken", "1.0", true);
        DiskImage disk = overlay("broken");
        try {
            driver.customize(
                    disk,
                    List.of(new FileCopy(deb.toString(), "/var/tmp/strata-patch")),
                    List.of(
                            OsCommand.of("/usr/bin/dpkg", "-i", "/var/tmp/strata-patch/" + deb.getFileName()),
                            OsCommand.of("/bin/sh", "-c", "echo never run; exit 0")));
            fail("a failing postinst fails the customization");
        } catch (DriverException e) {
            assertEquals(e.getMessage(), Fault.DRIVER_FAILURE, e.fault());
            assertTrue(e.getMessage(), e.getMessage().contains("command 1 of 2 (/usr/bin/dpkg) failed"));
            assertTrue(e.getMessage(), e.getMessage().contains("this postinst fails on purpose"));
            assertTrue(
                    e.getMessage(),
                    e.getMessage().contains("post-installation script subprocess returned error exit status 1"));
            assertTrue(e.getMessage(), !e.getMessage().contains("never run"));
        }
        assertGoldenUnchanged();
    }

    @Test
    public void aMissingDiskIsNotFoundWithoutAnAppliance() {
        try {
            driver.inspect(new DiskImage(tmp.resolve("no-such.qcow2").toString(), "qcow2"));
            fail("a missing disk is NOT_FOUND");
        } catch (DriverException e) {
            assertEquals(e.getMessage(), Fault.NOT_FOUND, e.fault());
        }
    }

    private static void assertGoldenUnchanged() throws IOException {
        assertEquals("the golden image is not written", goldenModified, Files.getLastModifiedTime(golden));
        assertEquals("the golden image is not written", goldenSize, Files.size(golden));
    }

    private static InstalledPackage find(ImageInspection inspection, String name) {
        return inspection.packages().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        name + " is not among " + inspection.packages().size() + " packages"));
    }

    /**
     * The version of the package's .deb in the golden image's cache, as dpkg-deb reads it: debootstrap's own packages
     * are in debs, those apt installed in the tree after it (qemu-guest-agent among them) in debs/apt.
     */
    private static String debVersion(String name) throws Exception {
        for (Path dir : List.of(debs, debs.resolve("apt"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, name + "_*.deb")) {
                for (Path deb : found) {
                    return run(List.of("dpkg-deb", "-f", deb.toString(), "Version"), 30)
                            .get(0);
                }
            }
        }
        throw new AssertionError("no " + name + " .deb in " + debs + " or " + debs.resolve("apt"));
    }

    private static DiskImage overlay(String name) throws Exception {
        Path file = tmp.resolve(name + ".qcow2");
        run(
                List.of(
                        "qemu-img",
                        "create",
                        "-q",
                        "-f",
                        "qcow2",
                        "-b",
                        golden.toString(),
                        "-F",
                        "qcow2",
                        file.toString()),
                60);
        return new DiskImage(file.toString(), "qcow2");
    }

    private static Path makeDeb(String name, String version, boolean failing) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "bash",
                TEST_ENV.resolve("make-deb.sh").toString(),
                name,
                version,
                tmp.resolve("debs").toString()));
        if (failing) {
            command.add("--fail");
        }
        List<String> out = run(command, 60);
        return Path.of(out.get(out.size() - 1));
    }

    /** Runs a program to its end within a limit, its output as lines; a failure fails the test. */
    private static List<String> run(List<String> command, int seconds) throws Exception {
        Path log = Files.createTempFile(tmp, "out-", ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            Tools.killTree(p);
            fail(command + " did not finish within " + seconds + " s");
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(command + " (needs root): " + String.join("\n", lines), 0, p.exitValue());
        return lines;
    }
}
