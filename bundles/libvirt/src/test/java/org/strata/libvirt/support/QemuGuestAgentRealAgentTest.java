package org.strata.libvirt.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.libvirt.Error.ErrorDomain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtErrorsForTests;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestCommandResult;
import org.strata.spi.hypervisor.GuestInfo;

/**
 * The answers of the real QEMU guest agent, read as the driver reads what libvirt passes through: Debian 12's
 * qemu-ga (unpacked by {@code tools/test-env/qemu-ga-osinfo.sh} under /var/cache/strata-test-env/qemu-ga, not
 * installed) runs on this machine, listening on a Unix socket of its own instead of a virtio-serial port, and is asked
 * {@code guest-get-osinfo}, {@code guest-get-host-name} and {@code guest-network-get-interfaces} about this machine,
 * then its file systems, users and time zone, and made to run programs here ({@code guest-exec}).
 * What libvirt adds on the way (it parses the agent's reply and hands it on as JSON again) is not shown here: no guest
 * with an agent is booted (the OS layer's end-to-end test does that).
 */
public class QemuGuestAgentRealAgentTest {

    private static final Path TEST_ENV =
            Path.of("../../tools/test-env").toAbsolutePath().normalize();
    private static final Path AGENT = Path.of("/var/cache/strata-test-env/qemu-ga/root/usr/sbin/qemu-ga");

    private Path dir;
    private Process agent;
    private SocketChannel channel;

    @Before
    public void startTheAgent() throws Exception {
        if (!Files.isExecutable(AGENT)) {
            // the test env's script fetches Debian's qemu-guest-agent package once and unpacks it
            Process fetch = new ProcessBuilder(
                            TEST_ENV.resolve("qemu-ga-osinfo.sh").toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue("qemu-ga-osinfo.sh within 120 s", fetch.waitFor(120, TimeUnit.SECONDS));
            assertTrue("qemu-ga unpacked: " + output, Files.isExecutable(AGENT));
        }
        dir = Files.createTempDirectory("strata-qga");
        Path socket = dir.resolve("qga.sock");
        agent = new ProcessBuilder(AGENT.toString(), "-m", "unix-listen", "-p", socket.toString(), "-t", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("qga.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        CountDownLatch never = new CountDownLatch(1);
        while (channel == null) {
            try {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    c.connect(UnixDomainSocketAddress.of(socket));
                    channel = c;
                } catch (java.io.IOException e) {
                    c.close();
                    throw e;
                }
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline || !agent.isAlive()) {
                    throw new AssertionError("qemu-ga did not listen within 10 s: " + log(), e);
                }
                never.await(20, TimeUnit.MILLISECONDS);
            }
        }
    }

    @After
    public void stopTheAgent() throws Exception {
        if (channel != null) {
            channel.close();
        }
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("qga.log"));
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }

    /** One command, one line of answer, as libvirt's agent monitor speaks with it. */
    private String ask(String command) throws Exception {
        return send("{\"execute\":\"" + command + "\"}");
    }

    private String send(String json) throws java.io.IOException {
        channel.write(ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                throw new java.io.IOException("qemu-ga closed the connection: " + log());
            }
            answer.write(buffer.array(), 0, n);
            byte[] bytes = answer.toByteArray();
            if (bytes.length > 0 && bytes[bytes.length - 1] == '\n') {
                return new String(bytes, StandardCharsets.UTF_8).strip();
            }
        }
    }

    @Test
    public void readsWhatTheRealAgentSaysOfThisMachine() throws Exception {
        Map<String, String> os = QemuGuestAgent.osInfo(ask("guest-get-osinfo"));
        String release = Files.readString(Path.of("/etc/os-release"));
        assertTrue(
                os.toString(),
                release.contains("\nID=" + os.get("id") + "\n") || release.startsWith("ID=" + os.get("id")));
        assertTrue(os.toString(), release.contains("PRETTY_NAME=\"" + os.get("pretty-name") + "\""));
        assertEquals(
                System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"),
                os.get("machine"));
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(), os.get("kernel-release"));
        assertTrue(
                "every key of the SPI: " + os.keySet(),
                os.keySet().containsAll(List.of("id", "name", "kernel-release")));

        String hostname = QemuGuestAgent.hostName(ask("guest-get-host-name"));
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), hostname);

        List<GuestInfo.Interface> interfaces = QemuGuestAgent.interfaces(ask("guest-network-get-interfaces"));
        GuestInfo.Interface lo = interfaces.stream()
                .filter(i -> i.name().equals("lo"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no lo among " + interfaces));
        assertTrue(lo.toString(), lo.addresses().contains(new GuestInfo.Address("127.0.0.1", 8)));
        try (Stream<Path> sys = Files.list(Path.of("/sys/class/net"))) {
            List<String> names =
                    sys.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(
                    "every interface of this machine",
                    names,
                    interfaces.stream().map(GuestInfo.Interface::name).sorted().toList());
        }
        for (GuestInfo.Interface i : interfaces) {
            if (i.mac() != null) {
                assertTrue(i.mac(), i.mac().matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}"));
            }
            for (GuestInfo.Address a : i.addresses()) {
                assertFalse("no zone on " + a, a.address().contains("%"));
            }
        }
    }

    /**
     * The agent as libvirt passes it on: its answer as it is, its error as the LibvirtException libvirt 9.0 raises
     * for it (VIR_ERR_INTERNAL_ERROR, "unable to execute QEMU agent command 'NAME': DESC"). That translation is the
     * one stand-in here.
     */
    private QemuGuestAgent.Channel libvirtLike() {
        return (json, timeoutSeconds) -> {
            String answer;
            try {
                answer = send(json);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
            if (Json.parse(answer) instanceof Map<?, ?> map && map.get("error") instanceof Map<?, ?> error) {
                String command = String.valueOf(((Map<?, ?>) Json.parse(json)).get("execute"));
                throw LibvirtErrorsForTests.error(
                        ErrorNumber.VIR_ERR_INTERNAL_ERROR,
                        ErrorDomain.VIR_FROM_QEMU,
                        "internal error: unable to execute QEMU agent command '" + command + "': " + error.get("desc"));
            }
            return answer;
        };
    }

    @Test
    public void readsTheFileSystemsUsersAndTimeZoneOfThisMachine() throws Exception {
        GuestInfo info = new QemuGuestAgent().guestInfo(libvirtLike(), "kvm");
        assertTrue(info.agentAnswered());
        GuestInfo.FileSystem root = info.fileSystems().stream()
                .filter(fs -> fs.mountpoint().equals("/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no / among " + info.fileSystems()));
        java.nio.file.FileStore store = Files.getFileStore(Path.of("/"));
        assertEquals(store.type(), root.type());
        // the agent's size is the one its users see: used plus available, without the blocks reserved for root
        long asUsersSeeIt = store.getTotalSpace() - store.getUnallocatedSpace() + store.getUsableSpace();
        assertEquals("within 1% (the machine writes meanwhile)", asUsersSeeIt, root.totalBytes(), asUsersSeeIt / 100.0);
        assertTrue(root.toString(), root.usedBytes() > 0 && root.usedBytes() <= root.totalBytes());
        for (GuestInfo.FileSystem fs : info.fileSystems()) {
            assertTrue("only file systems with sizes: " + fs, fs.totalBytes() >= 0);
        }
        assertEquals(
                java.util.TimeZone.getDefault().getOffset(System.currentTimeMillis()) / 1000,
                info.timezone().offsetSeconds());
        assertTrue(info.timezone().toString(), info.timezone().name() != null);
        // a container without logins: the agent's empty list, read as no users
        assertEquals(List.of(), info.users());
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip(), info.hostname());
    }

    @Test
    public void runsProgramsAndReportsHowTheyEnded() throws Exception {
        QemuGuestAgent agent = new QemuGuestAgent();
        java.time.Duration tenSeconds = java.time.Duration.ofSeconds(10);
        GuestCommandResult hi =
                agent.exec(libvirtLike(), "kvm", "vm", new GuestCommand("/bin/echo", List.of("hi"), null, tenSeconds));
        assertEquals(new GuestCommandResult(0, "hi\n", "", false), hi);

        GuestCommandResult three = agent.exec(
                libvirtLike(),
                "kvm",
                "vm",
                new GuestCommand("/bin/sh", List.of("-c", "echo oops >&2; exit 3"), null, tenSeconds));
        assertEquals(new GuestCommandResult(3, "", "oops\n", false), three);

        String input = "päckage \"quoted\"\nline two\n";
        GuestCommandResult cat =
                agent.exec(libvirtLike(), "kvm", "vm", new GuestCommand("/bin/cat", List.of(), input, tenSeconds));
        assertEquals(input, cat.output());

        GuestCommandResult killed = agent.exec(
                libvirtLike(),
                "kvm",
                "vm",
                new GuestCommand("/bin/sh", List.of("-c", "kill -TERM $$"), null, tenSeconds));
        assertEquals("a signal is 128 plus its number", 128 + 15, killed.exitCode());

        DriverException missing = assertThrows(
                DriverException.class,
                () -> agent.exec(
                        libvirtLike(), "kvm", "vm", new GuestCommand("/no/such/program", List.of(), null, tenSeconds)));
        assertEquals(Fault.DRIVER_FAILURE, missing.fault());
        assertTrue(missing.getMessage(), missing.getMessage().contains("/no/such/program"));
    }

    @Test
    public void killsAProgramThatOutlivesItsTimeout() throws Exception {
        long started = System.nanoTime();
        DriverException late = assertThrows(
                DriverException.class,
                () -> new QemuGuestAgent()
                        .exec(
                                libvirtLike(),
                                "kvm",
                                "vm",
                                new GuestCommand("/bin/sleep", List.of("60"), null, java.time.Duration.ofMillis(300))));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(Fault.DRIVER_FAILURE, late.fault());
        assertTrue("failed soon after the timeout: " + millis + " ms", millis < 3_000);
        java.util.regex.Matcher pid =
                java.util.regex.Pattern.compile("pid (\\d+)").matcher(late.getMessage());
        assertTrue(late.getMessage(), pid.find());
        // the agent reaps its child once killed; poll with a deadline for the process to be gone
        Path proc = Path.of("/proc", pid.group(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        CountDownLatch never = new CountDownLatch(1);
        while (Files.exists(proc) && System.nanoTime() < deadline) {
            never.await(20, TimeUnit.MILLISECONDS);
        }
        assertFalse("the sleep was killed", Files.exists(proc));
    }
}
