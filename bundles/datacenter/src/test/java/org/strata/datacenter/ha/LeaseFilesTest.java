package org.strata.datacenter.ha;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The lease files read against a lock held by another process, as virtlockd holds it: a second JVM (this machine's
 * java) takes an fcntl lock on the file's first byte, the way virtlockd does, and holds it until its input closes.
 * The end-to-end tests read leases that virtlockd itself holds (docs/ha.md).
 */
public class LeaseFilesTest {

    private Path dir;
    private Process holder;

    @Before
    public void folder() throws Exception {
        dir = Files.createTempDirectory("strata-leases");
    }

    @After
    public void cleanUp() throws Exception {
        if (holder != null) {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    @Test
    public void aLeaseIsHeldWhileAnotherProcessLocksItAndFreeOnceThatProcessIsGone() throws Exception {
        LeaseFiles.ensure(dir.toString(), "vm-1");
        assertTrue(Files.isRegularFile(dir.resolve("vm-1")));
        assertEquals(LeaseFiles.Lease.FREE, LeaseFiles.read(dir.toString(), "vm-1"));

        Path program = dir.resolve("Hold.java");
        Files.writeString(
                program,
                "import java.nio.channels.*; import java.nio.file.*;\n"
                        + "public class Hold { public static void main(String[] a) throws Exception {\n"
                        + "  FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.READ,"
                        + " StandardOpenOption.WRITE);\n"
                        + "  c.lock(0, 1, false); System.out.println(\"locked\"); System.out.flush();\n"
                        + "  System.in.read(); } }\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        holder = new ProcessBuilder(
                        java, program.toString(), dir.resolve("vm-1").toString())
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine());

        assertEquals(LeaseFiles.Lease.HELD, LeaseFiles.read(dir.toString(), "vm-1"));
        LeaseFiles.remove(dir.toString(), "vm-1");
        assertTrue("a held lease is never removed", Files.exists(dir.resolve("vm-1")));

        // The holder dies as a host's lock daemon dies with the host: its lock goes with it.
        holder.destroyForcibly();
        assertTrue(holder.waitFor(10, TimeUnit.SECONDS));
        assertEquals(LeaseFiles.Lease.FREE, LeaseFiles.read(dir.toString(), "vm-1"));
        LeaseFiles.remove(dir.toString(), "vm-1");
        assertFalse(Files.exists(dir.resolve("vm-1")));
    }

    @Test
    public void aMissingLeaseFileIsUnknownNotFree() {
        assertEquals(LeaseFiles.Lease.UNKNOWN, LeaseFiles.read(dir.toString(), "nobody"));
    }
}
