package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestCommandResult;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmSpec;

/**
 * A real guest with a real agent: the golden Debian 12 image (tools/test-env/golden-image.sh, with qemu-guest-agent)
 * booted under TCG on a real libvirtd, through an overlay disk in a temporary folder so that the golden image is never
 * written. Runs when STRATA_TEST_LIBVIRT_URI names a libvirtd (e.g. qemu:///system), as the other end-to-end tests.
 * The agent's report holds the root file system with its sizes and the time zone; {@code guestExec} runs programs and
 * reports their exit codes, output and input, a program that does not exist is DRIVER_FAILURE, one that outlives its
 * timeout is killed and DRIVER_FAILURE. Boots one guest: about a minute under TCG on an idle machine. The serial
 * console is kept, so that a guest that does not come up says where it stopped.
 */
public class KvmGuestProgramsEndToEndTest {

    // the agent answered 231 s after start with a load average of 15 on this machine's 2 cores
    private static final Duration BOOT = Duration.ofMinutes(8);
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    private final String uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private EventLoop eventLoop;
    private HypervisorSession session;
    private Path dir;
    private String vmId;
    private final StringBuilder console = new StringBuilder();

    @Before
    public void connect() {
        Assume.assumeTrue(
                "set STRATA_TEST_LIBVIRT_URI (e.g. qemu:///system) to run against a real libvirtd",
                uri != null && !uri.isBlank());
        eventLoop = new EventLoop();
        // this machine's /dev/kvm hangs guest kernels (nested virtualisation): TCG, as the OS layer's tests do
        session = new KvmDriver(eventLoop, Map.of("acceleration", "tcg")).open(Endpoint.of(uri));
    }

    @After
    public void cleanUp() throws Exception {
        if (vmId != null) {
            try {
                session.powerOff(vmId);
            } catch (DriverException e) {
                // not running
            }
            session.undefine(vmId);
        }
        if (session != null) {
            session.close();
        }
        if (eventLoop != null) {
            eventLoop.close();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Test
    public void theGoldenImagesAgentReportsFileSystemsAndRunsPrograms() throws Exception {
        Path golden = Path.of(golden().get("IMAGE"));
        FileTime goldenModified = Files.getLastModifiedTime(golden);
        long goldenSize = Files.size(golden);
        // QEMU runs as another user: it must reach the folder, which temporary folders (0700) forbid.
        dir = Files.createTempDirectory("strata-guest-programs-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path overlay = dir.resolve("overlay.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", golden.toString(), overlay.toString());
        String name = "strata-gp-" + UUID.randomUUID().toString().substring(0, 8);
        vmId = session.define(new VmSpec(
                        name,
                        null,
                        1,
                        1024,
                        VmSpec.GuestMode.HVM,
                        List.of(DiskSpec.disk(overlay.toString(), "qcow2")),
                        // a user-mode NIC: the image's initramfs waits 180 s for a network device otherwise
                        List.of(new NicSpec(NicSpec.Attachment.USER, null, null, "virtio")),
                        List.of(),
                        List.of(),
                        null,
                        true,
                        ResourceSettings.NONE))
                .id();
        long started = System.nanoTime();
        session.start(vmId);
        readConsole();

        GuestInfo info = awaitAgent();
        long bootSeconds = (System.nanoTime() - started) / 1_000_000_000L;
        GuestInfo.FileSystem root = info.fileSystems().stream()
                .filter(fs -> fs.mountpoint().equals("/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no / among " + info.fileSystems()));
        assertEquals(root.toString(), "ext4", root.type());
        // the golden image's disk is 3 GiB; the file system a little less
        assertTrue(root.toString(), root.totalBytes() > 2_000_000_000L && root.totalBytes() < 3_300_000_000L);
        assertTrue(root.toString(), root.usedBytes() > 100_000_000L && root.usedBytes() < root.totalBytes());
        assertNotNull("a time zone: " + info, info.timezone());
        assertEquals(
                "the image keeps UTC: " + info.timezone(), 0, info.timezone().offsetSeconds());
        assertEquals("debian", info.os().get("id"));
        System.out.println(
                "console: " + consoleTail().lines().reduce((a, b) -> b).orElse(""));
        System.out.println("agent answered " + bootSeconds + " s after start; " + info.fileSystems() + ", "
                + info.timezone() + ", users " + info.users());

        long execStarted = System.nanoTime();
        assertEquals(
                new GuestCommandResult(0, "hi\n", "", false),
                session.guestExec(vmId, new GuestCommand("/bin/echo", List.of("hi"), null, TEN_SECONDS)));
        System.out.println("/bin/echo hi took " + (System.nanoTime() - execStarted) / 1_000_000 + " ms");
        assertEquals(
                3,
                session.guestExec(vmId, new GuestCommand("/bin/sh", List.of("-c", "exit 3"), null, TEN_SECONDS))
                        .exitCode());
        String input = "a line\nand ümlauts\n";
        assertEquals(
                input,
                session.guestExec(vmId, new GuestCommand("/bin/cat", List.of(), input, TEN_SECONDS))
                        .output());
        DriverException missing = fault(
                Fault.DRIVER_FAILURE,
                () -> session.guestExec(vmId, new GuestCommand("/no/such/program", List.of(), null, TEN_SECONDS)));
        assertTrue(missing.getMessage(), missing.getMessage().contains("/no/such/program"));
        DriverException late = fault(
                Fault.DRIVER_FAILURE,
                () -> session.guestExec(
                        vmId, new GuestCommand("/bin/sleep", List.of("600"), null, Duration.ofSeconds(2))));
        assertTrue(late.getMessage(), late.getMessage().contains("did not end within"));
        assertEquals(
                "the sleep was killed",
                "",
                session.guestExec(vmId, new GuestCommand("/usr/bin/pgrep", List.of("-x", "sleep"), null, TEN_SECONDS))
                        .output());

        session.powerOff(vmId);
        fault(
                Fault.CONFLICT,
                () -> session.guestExec(vmId, new GuestCommand("/bin/echo", List.of(), null, TEN_SECONDS)));
        assertEquals("the golden image is not written", goldenModified, Files.getLastModifiedTime(golden));
        assertEquals(goldenSize, Files.size(golden));
    }

    /** Polls the agent (every 2 s, up to {@link #BOOT}) until it answers with the file systems. */
    private GuestInfo awaitAgent() throws InterruptedException {
        long deadline = System.nanoTime() + BOOT.toNanos();
        CountDownLatch never = new CountDownLatch(1);
        GuestInfo info = session.guestInfo(vmId);
        while (!(info.agentAnswered() && !info.fileSystems().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no agent answered within " + BOOT + ": " + info
                        + "; the serial console's end:\n" + consoleTail());
            }
            never.await(2, TimeUnit.SECONDS);
            info = session.guestInfo(vmId);
        }
        return info;
    }

    /**
     * Keeps the end of the guest's serial console (its pty, read by a daemon thread that ends when QEMU closes it),
     * so that a guest that does not come up says where it stopped.
     */
    private void readConsole() {
        String pty = session.consoles(vmId).stream()
                .filter(c -> c.type().equals("serial") && c.address() != null)
                .map(c -> c.address())
                .findFirst()
                .orElse(null);
        if (pty == null) {
            return;
        }
        Thread reader = new Thread(
                () -> {
                    try (java.io.InputStream in = Files.newInputStream(Path.of(pty))) {
                        byte[] buffer = new byte[4096];
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            synchronized (console) {
                                console.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                                if (console.length() > 8192) {
                                    console.delete(0, console.length() - 8192);
                                }
                            }
                        }
                    } catch (IOException e) {
                        // the VM is gone
                    }
                },
                "serial-console-" + vmId);
        reader.setDaemon(true);
        reader.start();
    }

    private String consoleTail() {
        synchronized (console) {
            return console.toString();
        }
    }

    private static DriverException fault(Fault fault, Runnable call) {
        DriverException e = assertThrows(DriverException.class, call::run);
        assertEquals(e.getMessage(), fault, e.fault());
        return e;
    }

    private static Map<String, String> golden() throws Exception {
        Map<String, String> vars = new HashMap<>();
        for (String line :
                run("bash", "../../tools/test-env/golden-image.sh", "build").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                vars.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        assertTrue("golden-image.sh printed IMAGE=: " + vars, vars.containsKey("IMAGE"));
        return vars;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(out, 0, p.waitFor());
        return out;
    }
}
