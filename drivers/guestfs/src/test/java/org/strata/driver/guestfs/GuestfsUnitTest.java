package org.strata.driver.guestfs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.image.DiskImage;
import org.strata.spi.image.FileCopy;
import org.strata.spi.image.ImageInspection;
import org.strata.spi.os.InstalledPackage;
import org.strata.spi.os.OsCommand;

/**
 * What needs no appliance: the command lines (judged by the real /bin/sh), the XML reading, the faults, the process
 * runner's time limit and process-tree kill (on a real sleeping process tree, not libguestfs).
 */
public class GuestfsUnitTest {

    private Path tmp;

    @Before
    public void makeTmp() throws Exception {
        tmp = Files.createTempDirectory("guestfs-unit-");
    }

    @After
    public void removeTmp() throws Exception {
        try (var all = Files.walk(tmp)) {
            all.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    public void quotedWordsReachTheProgramAsTheyWere() throws Exception {
        List<String> words = List.of("plain", "two words", "it's", "$(touch /tmp/x) `id` \"q\" \\ ; | & > *", "");
        StringBuilder line = new StringBuilder("printf '").append('%').append("s\\n'");
        for (String w : words) {
            line.append(' ').append(Shell.quote(w));
        }
        Process p = new ProcessBuilder("/bin/sh", "-c", line.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(String.join("\n", words) + "\n", out);
    }

    @Test
    public void customizeIsOneGuestfishRunWithInputsCopiedInAndRemoved() throws Exception {
        List<String> args = GuestfsDriver.customizeArgs(
                new DiskImage("/images/a b.qcow2", "qcow2"),
                List.of(
                        new FileCopy("/debs/p_1.1_all.deb", "/var/tmp/strata"),
                        new FileCopy("/debs/q:1.deb", "/var/tmp/strata")),
                List.of(
                        OsCommand.of("/usr/bin/dpkg", "-i", "/var/tmp/strata/p_1.1_all.deb"),
                        new OsCommand(List.of("/usr/bin/debconf-set-selections"), "tzdata tzdata/Areas select Etc\n")),
                tmp);
        assertEquals(
                List.of(
                        "--rw",
                        "--format=qcow2",
                        "-a",
                        "/images/a b.qcow2",
                        "-i",
                        "mkdir-p",
                        "/var/tmp/strata",
                        ":",
                        "copy-in",
                        "/debs/p_1.1_all.deb",
                        "/var/tmp/strata",
                        ":",
                        "copy-in",
                        "/debs/q:1.deb",
                        "/var/tmp/strata",
                        ":",
                        "sh",
                        "echo strata-command-1 1>&2; '/usr/bin/dpkg' '-i' '/var/tmp/strata/p_1.1_all.deb' 1>&2"),
                args.subList(0, 18));
        String inputs = args.get(20);
        assertTrue(inputs, inputs.matches("/var/tmp/strata-input-[0-9a-f]{8}"));
        assertEquals(
                List.of(
                        ":",
                        "mkdir-p",
                        inputs,
                        ":",
                        "copy-in",
                        tmp.resolve("input-1").toString(),
                        inputs,
                        ":",
                        "sh",
                        "echo strata-command-2 1>&2; '/usr/bin/debconf-set-selections' < '" + inputs + "/input-1' 1>&2",
                        ":",
                        "rm-rf",
                        inputs),
                args.subList(18, args.size()));
        assertEquals("tzdata tzdata/Areas select Etc\n", Files.readString(tmp.resolve("input-1")));
    }

    @Test
    public void aFormatIsLeftToTheToolsOnlyWhenNotGiven() throws Exception {
        List<String> args = GuestfsDriver.customizeArgs(
                new DiskImage("/images/a.img", null), List.of(), List.of(OsCommand.of("/bin/true")), tmp);
        assertEquals(
                List.of("--rw", "-a", "/images/a.img", "-i", "sh", "echo strata-command-1 1>&2; '/bin/true' 1>&2"),
                args);
    }

    private static final String INSPECTION = """
            <?xml version="1.0"?>
            <operatingsystems>
              <operatingsystem>
                <root>/dev/sda1</root>
                <name>linux</name>
                <arch>x86_64</arch>
                <distro>debian</distro>
                <product_name>12.15</product_name>
                <major_version>12</major_version>
                <minor_version>15</minor_version>
                <package_format>deb</package_format>
                <hostname>strata-golden</hostname>
                <applications>
                  <application><name>adduser</name><version>3.134</version><arch>all</arch></application>
                  <application><name>bash</name><version>5.2.15</version><release>2+b13</release>
                    <arch>amd64</arch><description>Bash &lt;is&gt; a shell</description></application>
                  <application><name>qemu-guest-agent</name><epoch>1</epoch><version>7.2+dfsg</version>
                    <release>7+deb12u18+b3</release><arch>amd64</arch></application>
                </applications>
              </operatingsystem>
            </operatingsystems>
            """;

    @Test
    public void anInspectionReadsAsAGuestAgentsReport() {
        ImageInspection i = InspectorXml.parse(INSPECTION.strip(), "/x.qcow2");
        assertEquals(
                Map.of(
                        "id",
                        "debian",
                        "name",
                        "Debian GNU/Linux",
                        "pretty-name",
                        "Debian GNU/Linux 12",
                        "version-id",
                        "12",
                        "machine",
                        "x86_64"),
                i.os());
        assertEquals("strata-golden", i.hostname());
        assertEquals(
                List.of(
                        new InstalledPackage("adduser", "3.134", "all"),
                        new InstalledPackage("bash", "5.2.15-2+b13", "amd64"),
                        new InstalledPackage("qemu-guest-agent", "1:7.2+dfsg-7+deb12u18+b3", "amd64")),
                i.packages());
    }

    @Test
    public void versionIdsAreOsReleases() {
        assertEquals("9.4", InspectorXml.versionId("rhel", "9", "4"));
        assertEquals("22.04", InspectorXml.versionId("ubuntu", "22", "4"));
        assertEquals("39", InspectorXml.versionId("fedora", "39", "0"));
        assertEquals("12", InspectorXml.versionId("debian", "12", "15"));
        assertNull(InspectorXml.versionId("debian", "0", "0"));
    }

    /** What virt-inspector 1.48 prints, exiting 0, for a blank qcow2 (measured here). */
    @Test
    public void noOperatingSystemIsInvalid() {
        expect(Fault.INVALID, () -> InspectorXml.parse("<operatingsystems/>", "/x.qcow2"));
    }

    @Test
    public void entitiesAndDoctypesAreRefused() throws Exception {
        Path secret = tmp.resolve("secret");
        Files.writeString(secret, "root:x:0:0");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE o [<!ENTITY e SYSTEM \"file://" + secret + "\">]>"
                + "<operatingsystems><operatingsystem><distro>&e;</distro></operatingsystem></operatingsystems>";
        DriverException e = expect(Fault.DRIVER_FAILURE, () -> InspectorXml.parse(xxe, "/x.qcow2"));
        assertFalse(e.getMessage().contains("root:x"));
    }

    @Test
    public void failuresSayTheToolsLastLinesAndTheRightFault() {
        DiskImage disk = new DiskImage("nbd://admin:s3cret@127.0.0.1:10809/x", "raw");
        StringBuilder said = new StringBuilder("[   0.0] Examining the guest ...\n");
        for (int i = 1; i <= 30; i++) {
            said.append("line ").append(i).append('\n');
        }
        said.append("could not open nbd://admin:s3cret@127.0.0.1:10809/x\n");
        DriverException e = GuestfsDriver.failure("guestfish", disk, said.toString(), List.of());
        assertEquals(Fault.DRIVER_FAILURE, e.fault());
        assertFalse(e.getMessage(), e.getMessage().contains("s3cret"));
        assertFalse(e.getMessage(), e.getMessage().contains("line 11\n"));
        assertTrue(e.getMessage(), e.getMessage().contains("line 12\n"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("guestfish failed on nbd://127.0.0.1:10809/x: "));
        assertFalse(e.getMessage(), e.getMessage().contains("Examining"));
        assertEquals(
                Fault.INVALID,
                GuestfsDriver.failure(
                                "virt-inspector",
                                disk,
                                "virt-inspector: no operating system could be detected inside this disk image.",
                                List.of())
                        .fault());
        DriverException failed = GuestfsDriver.failure(
                "guestfish",
                disk,
                "strata-command-1\nok\nlibguestfs: error: sh: strata-command-2\nno operating system here\n",
                List.of(OsCommand.of("/bin/true"), OsCommand.of("/usr/bin/dpkg", "-i", "/x.deb")));
        assertEquals(Fault.DRIVER_FAILURE, failed.fault());
        assertEquals(
                "guestfish failed on nbd://127.0.0.1:10809/x, command 2 of 2 (/usr/bin/dpkg) failed: ok\n"
                        + "no operating system here",
                failed.getMessage());
        assertEquals("nbd://127.0.0.1:10809/x", Locations.shown(disk.location()));
    }

    @Test
    public void aFolderIsNoDiskAndAMissingCopyIsNotFound() throws Exception {
        GuestfsDriver driver = new GuestfsDriver(Map.of());
        expect(Fault.INVALID, () -> driver.inspect(new DiskImage(tmp.toString(), "qcow2")));
        Path disk = Files.createFile(tmp.resolve("disk.qcow2"));
        expect(
                Fault.NOT_FOUND,
                () -> driver.customize(
                        new DiskImage(disk.toString(), "qcow2"),
                        List.of(new FileCopy(tmp.resolve("missing.deb").toString(), "/var/tmp")),
                        List.of()));
    }

    @Test
    public void missingToolsAreSaid() throws Exception {
        Path disk = Files.createFile(tmp.resolve("disk.qcow2"));
        GuestfsDriver driver =
                new GuestfsDriver(Map.of("tools.dir", tmp.resolve("none").toString()));
        DriverException e = expect(Fault.DRIVER_FAILURE, () -> driver.inspect(new DiskImage(disk.toString(), "qcow2")));
        assertTrue(e.getMessage(), e.getMessage().contains("libguestfs-tools"));
    }

    /** A real process tree stands in for a tool and its appliance: the time limit kills all of it. */
    @Test
    public void aToolPastItsTimeLimitIsKilledWithItsChildren() throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Path pids = tmp.resolve("pids");
        Path tool = bin.resolve("guestfish");
        Files.writeString(tool, "#!/bin/sh\nsleep 300 &\necho $! > " + pids + "\necho $$ >> " + pids + "\nwait\n");
        tool.toFile().setExecutable(true);
        Tools tools = new Tools(bin, true, java.time.Duration.ofSeconds(2), 1);
        long start = System.nanoTime();
        DriverException e = expect(Fault.DRIVER_FAILURE, () -> tools.run("guestfish", List.of(), tmp, "/x.qcow2"));
        assertTrue(e.getMessage(), e.getMessage().contains("did not finish within 2 s"));
        assertTrue("stopped at the limit", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15));
        List<Long> started = new ArrayList<>();
        for (String line : Files.readAllLines(pids)) {
            started.add(Long.parseLong(line.strip()));
        }
        assertEquals(2, started.size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (started.stream()
                .anyMatch(
                        pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
            if (System.nanoTime() > deadline) {
                fail("the tool's children outlived it: " + started);
            }
            Thread.onSpinWait();
        }
    }

    /** The same stand-in: an interrupted caller gets DRIVER_FAILURE at once, and the tree is killed. */
    @Test
    public void anInterruptedCallKillsTheToolWithItsChildren() throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Path pids = tmp.resolve("pids");
        Path tool = bin.resolve("virt-inspector");
        Files.writeString(
                tool,
                "#!/bin/sh\nsleep 300 &\necho $! > " + pids + ".new\necho $$ >> " + pids + ".new\nmv " + pids + ".new "
                        + pids + "\nwait\n");
        tool.toFile().setExecutable(true);
        Tools tools = new Tools(bin, true, java.time.Duration.ofSeconds(300), 1);
        DriverException[] thrown = new DriverException[1];
        Thread caller = new Thread(() -> {
            try {
                tools.run("virt-inspector", List.of(), tmp, "/x.qcow2");
            } catch (DriverException e) {
                thrown[0] = e;
            }
        });
        caller.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(pids)) {
            if (System.nanoTime() > deadline) {
                fail("the stand-in tool did not start");
            }
            Thread.onSpinWait();
        }
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(15));
        assertFalse("the call returned", caller.isAlive());
        assertEquals(Fault.DRIVER_FAILURE, thrown[0].fault());
        assertTrue(thrown[0].getMessage(), thrown[0].getMessage().contains("was interrupted"));
        for (String line : Files.readAllLines(pids)) {
            long pid = Long.parseLong(line.strip());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                if (System.nanoTime() > until) {
                    fail("process " + pid + " outlived the interrupt");
                }
                Thread.onSpinWait();
            }
        }
    }

    /** A stand-in tool that notes its start and end: with max.appliances 1, two callers' runs never overlap. */
    @Test
    public void appliancesBeyondTheLimitWaitTheirTurn() throws Exception {
        Path bin = Files.createDirectory(tmp.resolve("bin"));
        Path log = tmp.resolve("log");
        Path tool = bin.resolve("guestfish");
        Files.writeString(tool, "#!/bin/sh\necho start >> " + log + "\nsleep 1\necho end >> " + log + "\n");
        tool.toFile().setExecutable(true);
        Tools tools = new Tools(bin, true, java.time.Duration.ofSeconds(60), 1);
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> tools.run("guestfish", List.of(), tmp, "/x.qcow2"));
            t.start();
            callers.add(t);
        }
        for (Thread t : callers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(t.isAlive());
        }
        assertEquals(List.of("start", "end", "start", "end"), Files.readAllLines(log));
    }

    private static DriverException expect(Fault fault, Runnable call) {
        try {
            call.run();
        } catch (DriverException e) {
            assertEquals(e.getMessage(), fault, e.fault());
            return e;
        }
        throw new AssertionError("expected " + fault);
    }
}
