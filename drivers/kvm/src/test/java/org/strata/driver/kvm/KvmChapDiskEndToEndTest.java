package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.DiskAuth;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmSpec;

/**
 * A TCG VM (64 MiB, no OS) whose disk is a LUN of a real tgtd that asks for CHAP: with the right password, given as
 * the disk's {@link DiskAuth}, QEMU logs in and the VM runs; with a wrong one it does not start and the error says
 * why. Runs when STRATA_TEST_LIBVIRT_URI names a libvirt daemon; the tgtd is this test's own
 * ({@code tools/test-env/tgt.sh}). Witnesses: tgtadm (the account bound, QEMU's session on the target), virsh (the
 * domain's XML and the libvirt secret, whose value virsh cannot read: it is private).
 */
public class KvmChapDiskEndToEndTest {

    private static final Path TEST_ENV = Path.of("../../tools/test-env");
    private static final String TGT_NAME = "kvm-chap";

    private final String uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private final String name = "strata-chap-" + UUID.randomUUID().toString().substring(0, 8);
    private final String user = "strata-" + UUID.randomUUID().toString().substring(0, 6);
    private final String password = "chap-" + UUID.randomUUID().toString().substring(0, 12);
    private final List<Runnable> cleanUps = new ArrayList<>();
    private EventLoop eventLoop;
    private HypervisorSession session;

    @Before
    public void connect() {
        Assume.assumeTrue("set STRATA_TEST_LIBVIRT_URI to run against a libvirt daemon", uri != null && !uri.isBlank());
        eventLoop = new EventLoop();
        session = new KvmDriver(eventLoop).open(Endpoint.of(uri));
    }

    @After
    public void cleanUp() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        for (int i = cleanUps.size() - 1; i >= 0; i--) {
            try {
                cleanUps.get(i).run();
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
        }
        if (session != null) {
            session.close();
        }
        if (eventLoop != null) {
            eventLoop.close();
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError("clean-up failed: " + failures);
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @Test
    public void aVmWithAChapLunStartsWithTheRightPasswordOnlyAndTheErrorSaysWhy() throws Exception {
        Map<String, String> tgt = script("tgt.sh", "start", TGT_NAME);
        cleanUps.add(() -> script("tgt.sh", "stop", TGT_NAME));
        String control = tgt.get("STRATA_TEST_ISCSI_CONTROL");
        String iqn = "iqn.2026-12.org.strata.test:" + name;
        Path backing = Path.of(tgt.get("STRATA_TEST_ISCSI_DIR")).resolve(name + ".img");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(16L << 20);
        }
        tgtadm(control, "--mode", "target", "--op", "new", "--tid", "1", "-T", iqn);
        tgtadm(control, "--mode", "logicalunit", "--op", "new", "--tid", "1", "--lun", "1", "-b", backing.toString());
        tgtadm(control, "--mode", "target", "--op", "bind", "--tid", "1", "-I", "ALL");
        tgtadm(control, "--mode", "account", "--op", "new", "--user", user, "--password", password);
        tgtadm(control, "--mode", "account", "--op", "bind", "--tid", "1", "--user", user);
        assertTrue(
                tgtadm(control, "--mode", "target", "--op", "show").contains("Account information:\n        " + user));

        String lun = "iscsi://" + user + "@" + tgt.get("STRATA_TEST_ISCSI_PORTAL") + "/" + iqn + "/1";
        String usage = "strata-chap/" + user + "@" + tgt.get("STRATA_TEST_ISCSI_PORTAL") + "/" + iqn;
        cleanUps.add(() -> undefineSecret(usage));
        DiskSpec disk = DiskSpec.disk(lun, "raw").withAuth(new DiskAuth(user, Secret.of(password)));
        String vmId =
                session.define(VmSpec.of(name, 1, 64).withDisks(List.of(disk))).id();
        cleanUps.add(() -> {
            run(List.of("virsh", "-c", uri, "destroy", vmId));
            run(List.of("virsh", "-c", uri, "undefine", vmId));
        });

        String xml = virsh("dumpxml", "--inactive", vmId);
        assertTrue(xml, xml.contains("<auth username='" + user + "'>"));
        assertTrue(xml, xml.contains("<secret type='iscsi' usage='" + usage + "'/>"));
        assertFalse("no password in the domain", xml.contains(password));
        assertTrue(virsh("secret-list").contains(usage));
        Result value = run(List.of("virsh", "-c", uri, "secret-get-value", uuidOf(usage)));
        assertTrue("a private secret's value is not given back: " + value.out, value.code != 0);

        VmSpec described = session.describe(vmId);
        assertEquals(lun, described.disks().get(0).source());
        assertEquals(new DiskAuth(user, Secret.none()), described.disks().get(0).auth());

        session.start(vmId);
        assertEquals("running", virsh("domstate", vmId).strip());
        assertTrue(
                "QEMU logged in to the target",
                tgtadm(control, "--mode", "target", "--op", "show").contains("I_T nexus:"));
        run(List.of("virsh", "-c", uri, "destroy", vmId));

        // The same VM, given the disk again with a wrong password: libvirt's secret takes it, QEMU is refused.
        session.redefine(
                vmId,
                described.withDisks(List.of(
                        described.disks().get(0).withAuth(new DiskAuth(user, Secret.of("wrong-" + password))))));
        DriverException refused = assertThrows(DriverException.class, () -> session.start(vmId));
        // QEMU's words, through libvirt: "iSCSI: Failed to connect to LUN : Failed to log in to target. Status:
        // Authentication failure(513)".
        assertTrue(
                refused.getMessage(),
                refused.getMessage().contains("Failed to log in to target")
                        && refused.getMessage().contains("Authentication failure"));
        assertFalse(refused.getMessage(), refused.getMessage().contains(password));
        // QEMU's failure, not Strata's credentials to the host: not AUTHENTICATION_FAILED, which would blame the host.
        assertEquals(Fault.DRIVER_FAILURE, refused.fault());
        assertEquals("shut off", virsh("domstate", vmId).strip());

        // The disk attached again with the right password (attachDisk sets the secret too): the VM starts.
        session.detachDisk(vmId, "vda");
        DiskSpec attached = session.attachDisk(vmId, disk);
        assertEquals(new DiskAuth(user, Secret.of(password)), attached.auth());
        session.start(vmId);
        assertEquals("running", virsh("domstate", vmId).strip());

        // A user whose password libvirt never had, and none given: refused before anything is defined.
        String stranger = name + "-x";
        DriverException noSecret = assertThrows(
                DriverException.class,
                () -> session.define(VmSpec.of(stranger, 1, 64)
                        .withDisks(List.of(DiskSpec.disk(lun.replace(user + "@", "nobody@"), "raw")))));
        assertEquals(Fault.UNSUPPORTED, noSecret.fault());
        assertTrue(noSecret.getMessage(), noSecret.getMessage().contains("no secret"));
        assertTrue("nothing defined", run(List.of("virsh", "-c", uri, "dominfo", stranger)).code != 0);
    }

    private static String uuidOf(String usage) {
        return UUID.nameUUIDFromBytes(usage.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private void undefineSecret(String usage) {
        Result r = run(List.of("virsh", "-c", uri, "secret-undefine", uuidOf(usage)));
        assertEquals("secret-undefine: " + r.out, 0, r.code);
    }

    private String virsh(String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(Arrays.asList(args));
        Result r = run(command);
        assertEquals(String.join(" ", command) + ": " + r.out, 0, r.code);
        return r.out;
    }

    private static String tgtadm(String control, String... args) {
        List<String> command = new ArrayList<>(List.of("tgtadm", "-C", control, "--lld", "iscsi"));
        command.addAll(Arrays.asList(args));
        Result r = run(command);
        assertEquals("tgtadm " + args[1] + " " + args[3] + ": " + r.out, 0, r.code);
        return r.out;
    }

    private static Map<String, String> script(String script, String... args) {
        List<String> command = new ArrayList<>(List.of(TEST_ENV.resolve(script).toString()));
        command.addAll(Arrays.asList(args));
        Result r = run(command);
        assertEquals(command + " (needs root): " + r.out, 0, r.code);
        Map<String, String> lines = new HashMap<>();
        for (String line : r.out.split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("STRATA_TEST_") && eq > 0) {
                lines.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return lines;
    }

    private record Result(int code, String out) {}

    private static Result run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish within 120 s");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(command.get(0) + " interrupted", e);
        }
    }
}
