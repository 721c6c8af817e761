package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmLease;
import org.strata.spi.hypervisor.VmSpec;

/**
 * The case leases exist for: a host that runs a leased VM loses power (its BMC cannot be asked), and the VM is
 * restarted on another host. Against a powered host of its own (tools/test-env/powered-host.sh, host 9, which no
 * other test uses; started here when it does not run, and removed after) and this machine's libvirtd; runs when
 * STRATA_TEST_LIBVIRT_URI and STRATA_TEST_LEASE_DIR are set and this runs as root (./strata test), skipped
 * otherwise. Also what {@link HypervisorSession#alive()} says of a host whose daemon died with it. Witnesses:
 * virsh on both daemons.
 */
public class KvmLeaseHostPowerOffEndToEndTest {

    private static final Path TEST_ENV = Path.of("../../tools/test-env");
    private static final String HOST = "9";
    private static final String HOST_URI = "qemu+tcp://10.78.0.19/system";
    /** Polling pause: the measured figures are this coarse, and two shared cores are not spun on. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final String uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private final String leaseDir = System.getenv("STRATA_TEST_LEASE_DIR");
    private EventLoop eventLoop;
    private KvmDriver driver;
    private HypervisorSession local;
    private HypervisorSession host;
    private boolean startedHost;
    private String vmId;
    private Path leaseFile;

    @Before
    public void startHost() throws Exception {
        Assume.assumeTrue(
                "set STRATA_TEST_LIBVIRT_URI and STRATA_TEST_LEASE_DIR and run as root (./strata test) to power a"
                        + " host off under a leased VM",
                set(uri) && set(leaseDir) && "root".equals(System.getProperty("user.name")));
        startedHost = run("powered-host.sh", "status", HOST).code != 0;
        Result started = run("powered-host.sh", "start", HOST);
        assertEquals("powered-host.sh start " + HOST + ": " + started.out, 0, started.code);
        eventLoop = new EventLoop();
        driver = new KvmDriver(eventLoop);
        local = driver.open(Endpoint.of(uri));
        host = driver.open(Endpoint.of(HOST_URI));
    }

    @After
    public void cleanUp() throws IOException {
        if (vmId != null) {
            for (String daemon : new String[] {uri, HOST_URI}) {
                virsh(daemon, "destroy", vmId);
                virsh(daemon, "undefine", vmId);
            }
        }
        for (AutoCloseable c : new AutoCloseable[] {local, host, eventLoop}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing is best effort; the host may be gone
            }
        }
        if (startedHost) {
            run("powered-host.sh", "stop", HOST);
        }
        if (leaseFile != null) {
            Files.deleteIfExists(leaseFile);
        }
    }

    @Test
    public void aVmWhoseHostLostPowerStartsElsewhereAndTheHostBackCannotStartItAgain() throws Exception {
        vmId = UUID.randomUUID().toString();
        leaseFile = Files.createFile(Path.of(leaseDir, vmId));
        VmSpec spec = VmSpec.of("strata-lease-off-" + vmId.substring(0, 8), 1, 64)
                .withUuid(vmId)
                .withLease(new VmLease(leaseDir, vmId));
        host.define(spec);
        local.define(spec);
        host.start(vmId);
        assertEquals("running", virsh(HOST_URI, "domstate", vmId).out.strip());
        DriverException refused = assertThrows(DriverException.class, () -> local.start(vmId));
        assertEquals(refused.getMessage(), Fault.CONFLICT, refused.fault());
        assertTrue(host.alive());

        // Pulling the plug: what the host's BMC does on "chassis power off" (its virtlockd dies with it).
        long off = System.nanoTime();
        Result powerOff = run("powered-host.sh", "chassis", HOST, "off");
        assertEquals(powerOff.out, 0, powerOff.code);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (host.alive() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(POLL_NANOS);
        }
        long deadMillis = (System.nanoTime() - off) / 1_000_000;
        assertEquals("a session whose host died is not alive within 30 s", false, host.alive());

        local.start(vmId);
        assertEquals("running", virsh(uri, "domstate", vmId).out.strip());
        System.out.println("KvmLeaseHostPowerOffEndToEndTest: alive() false " + deadMillis
                + " ms after the power-off began; restarted elsewhere "
                + (System.nanoTime() - off) / 1_000_000 + " ms after it");

        // Powered on again, the failed host still has the VM defined (shut off) and must not run a second copy.
        Result powerOn = run("powered-host.sh", "chassis", HOST, "on");
        assertEquals(powerOn.out, 0, powerOn.code);
        host.close();
        host = awaitSession(HOST_URI);
        assertEquals("shut off", virsh(HOST_URI, "domstate", vmId).out.strip());
        DriverException again = assertThrows(DriverException.class, () -> host.start(vmId));
        assertEquals(again.getMessage(), Fault.CONFLICT, again.fault());
        assertEquals("shut off", virsh(HOST_URI, "domstate", vmId).out.strip());
        assertEquals("running", virsh(uri, "domstate", vmId).out.strip());
    }

    /** A session to a host that is booting: its libvirtd answers 0.2-1.2 s after power-on. */
    private HypervisorSession awaitSession(String hostUri) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return driver.open(Endpoint.of(hostUri));
            } catch (DriverException e) {
                if (e.fault() != Fault.UNREACHABLE || System.nanoTime() > deadline) {
                    throw e;
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }

    private record Result(int code, String out) {}

    private static Result virsh(String daemon, String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", daemon));
        command.addAll(List.of(args));
        return exec(command);
    }

    private static Result run(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(TEST_ENV.resolve(script).toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command + " did not finish within 120 s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError(command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(command + " interrupted", e);
        }
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
