package org.strata.driver.os.debian;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.Test;
import org.strata.spi.os.InstallTree;
import org.strata.spi.os.MachineParams;
import org.strata.spi.os.NetbootArtifacts;

/**
 * The real Debian installer consumes the driver's preseed: Debian's netboot kernel and initrd (package
 * {@code debian-installer-12-netboot-amd64}) boot in QEMU (TCG) with the driver's kernel arguments, on an isolated
 * user network whose only way out is this test's HTTP server on 127.0.0.1. The installer must load the preseed,
 * run its early command (the {@code installing} callback) and then, without a single question, ask the mirror the
 * preseed names for bookworm's Release file at the host and directory the driver split it into. There is no mirror
 * here, so the install stops there ("Bad archive mirror") and the test ends the VM. About 80 s to the preseed, 110 s
 * in all on an idle machine.
 */
public class DebianInstallerTest {

    private static final Path NETBOOT = Path.of("/usr/lib/debian-installer/images/12/amd64/text");
    private static final String GUEST_SERVER = "10.0.2.100";

    @Test(timeout = 900_000)
    public void theInstallerLoadsThePreseedCallsBackAndAsksTheMirrorItNames() throws Exception {
        assertTrue(
                "Debian's netboot installer is installed (apt-get install debian-installer-12-netboot-amd64)",
                Files.isRegularFile(NETBOOT.resolve(Preseed.KERNEL)));
        DebianOsDriver driver = new DebianOsDriver();
        MachineParams machine = new MachineParams(
                "di-test",
                "example.test",
                List.of(new MachineParams.Nic("52:54:00:12:34:56", null, null, List.of("10.0.2.3"))),
                List.of(
                        new MachineParams.OsUser(
                                "ops",
                                null,
                                List.of(
                                        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKitKitKitKitKitKitKitKitKitKitKitKitKitKitKit t"))),
                "UTC",
                null,
                List.of(),
                "http://" + GUEST_SERVER + "/debian-mirror",
                "http://" + GUEST_SERVER + "/callback?token=t1",
                Map.of());
        byte[] preseed =
                driver.answerFile(DebianOsDriver.SERVER, machine).content().getBytes(StandardCharsets.UTF_8);
        NetbootArtifacts boot = driver.netboot(
                DebianOsDriver.SERVER,
                new InstallTree("http://" + GUEST_SERVER + "/tree", Set.of(Preseed.KERNEL, Preseed.INITRD)),
                machine,
                "http://" + GUEST_SERVER + "/preseed.cfg");

        LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            requests.add(path);
            byte[] body = path.equals("/preseed.cfg") ? preseed : new byte[0];
            int status = path.equals("/preseed.cfg") || path.startsWith("/callback") ? 200 : 404;
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Path console = Files.createTempFile("strata-d-i", ".console");
        Process qemu = null;
        try {
            qemu = new ProcessBuilder(
                            "qemu-system-x86_64",
                            "-machine",
                            "accel=tcg",
                            "-m",
                            "1024",
                            "-smp",
                            "1",
                            "-nographic",
                            "-no-reboot",
                            "-kernel",
                            NETBOOT.resolve(boot.kernel()).toString(),
                            "-initrd",
                            NETBOOT.resolve(boot.initrds().get(0)).toString(),
                            "-append",
                            boot.arguments() + " console=ttyS0",
                            "-netdev",
                            "user,id=n0,restrict=on,guestfwd=tcp:" + GUEST_SERVER + ":80-cmd:"
                                    + Tools.TEST_ENV.resolve("tcp-relay.py") + " "
                                    + server.getAddress().getPort(),
                            "-device",
                            "e1000,netdev=n0,mac=52:54:00:12:34:56")
                    .redirectErrorStream(true)
                    .redirectOutput(console.toFile())
                    .start();
            List<String> seen = new ArrayList<>();
            String release = "/debian-mirror/dists/bookworm/Release";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
            while (!seen.contains(release)) {
                long left = deadline - System.nanoTime();
                String next = left <= 0 ? null : requests.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError("the installer did not get to the mirror within 600 s; requests " + seen
                            + "; console ends with:\n" + tail(console));
                }
                seen.add(next);
            }
            assertEquals("the preseed is the first thing asked for", "/preseed.cfg", seen.get(0));
            int installing = seen.indexOf("/callback?token=t1&step=installing");
            assertTrue("the early command called back: " + seen, installing > 0);
            assertTrue("before the mirror was used: " + seen, installing < seen.indexOf(release));
        } finally {
            if (qemu != null) {
                qemu.destroy();
                if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
                    qemu.destroyForcibly().waitFor();
                }
            }
            server.stop(0);
            Files.deleteIfExists(console);
        }
    }

    private static String tail(Path console) throws Exception {
        String text = Files.readString(console, StandardCharsets.ISO_8859_1)
                .replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", " ")
                .replaceAll("[ \\t]+", " ");
        return text.substring(Math.max(0, text.length() - 2000));
    }
}
