package org.strata.libvirt.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
import org.strata.spi.hypervisor.GuestInfo;

/**
 * The answers of the real QEMU guest agent, read as the driver reads what libvirt passes through: Debian 12's
 * qemu-ga (unpacked by {@code tools/test-env/qemu-ga-osinfo.sh} under /var/cache/strata-test-env/qemu-ga, not
 * installed) runs on this machine, listening on a Unix socket of its own instead of a virtio-serial port, and is asked
 * {@code guest-get-osinfo}, {@code guest-get-host-name} and {@code guest-network-get-interfaces} about this machine.
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
        channel.write(ByteBuffer.wrap(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8)));
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (true) {
            buffer.clear();
            int n = channel.read(buffer);
            if (n < 0) {
                throw new AssertionError("qemu-ga closed the connection: " + log());
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
}
