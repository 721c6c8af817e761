package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.libvirt.Connect;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmLease;
import org.strata.spi.hypervisor.VmSpec;

/**
 * VM leases against two real libvirt daemons whose lockd serves one lockspace on storage both see: runs when
 * STRATA_TEST_LIBVIRT_URI, STRATA_TEST_LIBVIRT_PEER_URI and STRATA_TEST_LEASE_DIR are set (./strata test;
 * tools/test-env/libvirtd.sh and libvirtd-peer.sh give both daemons lockd), skipped otherwise. The same disk-less
 * TCG VM (one UUID) is defined with one lease on both, as HA leaves a VM defined on a failed host and defines it
 * again elsewhere. Witnesses besides the driver: a second libvirt connection to each daemon, and the lease file's
 * own lock (virtlockd holds an fcntl lock on it while the VM runs; this JVM tries to take it).
 */
public class KvmLeaseEndToEndTest {

    private final String uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private final String peerUri = System.getenv("STRATA_TEST_LIBVIRT_PEER_URI");
    private final String leaseDir = System.getenv("STRATA_TEST_LEASE_DIR");
    private EventLoop eventLoop;
    private HypervisorSession source;
    private HypervisorSession peer;
    private final List<String> vmIds = new ArrayList<>();
    private Path leaseFile;

    @Before
    public void connect() {
        Assume.assumeTrue(
                "set STRATA_TEST_LIBVIRT_URI, STRATA_TEST_LIBVIRT_PEER_URI and STRATA_TEST_LEASE_DIR (./strata test)"
                        + " to run against two libvirt daemons with lockd",
                set(uri) && set(peerUri) && set(leaseDir));
        eventLoop = new EventLoop();
        KvmDriver driver = new KvmDriver(eventLoop);
        source = driver.open(Endpoint.of(uri));
        peer = driver.open(Endpoint.of(peerUri));
    }

    @After
    public void cleanUp() throws IOException {
        for (HypervisorSession s : new HypervisorSession[] {source, peer}) {
            for (String vmId : vmIds) {
                try {
                    if (s.vm(vmId).state() != VmInfo.PowerState.STOPPED) {
                        s.powerOff(vmId);
                    }
                    s.undefine(vmId);
                } catch (RuntimeException e) {
                    // not on this host
                }
            }
        }
        if (leaseFile != null) {
            Files.deleteIfExists(leaseFile);
        }
        for (HypervisorSession s : new HypervisorSession[] {source, peer}) {
            if (s != null) {
                s.close();
            }
        }
        if (eventLoop != null) {
            eventLoop.close();
        }
    }

    @Test
    public void aVmRunningOnOneHostIsRefusedOnTheOtherUntilItStops() throws Exception {
        String vmId = UUID.randomUUID().toString();
        vmIds.add(vmId);
        // The platform's part (VmLease's contract): the lease file exists before the VM is defined.
        leaseFile = Files.createFile(Path.of(leaseDir, vmId));
        VmSpec spec = new VmSpec(
                        "strata-lease-" + vmId.substring(0, 8),
                        vmId,
                        1,
                        64,
                        VmSpec.GuestMode.HVM,
                        null,
                        null,
                        null,
                        null,
                        null,
                        false,
                        null)
                .withLease(new VmLease(leaseDir, vmId));
        source.define(spec);
        peer.define(spec);
        assertEquals(
                "describe gives the lease back",
                spec.lease(),
                source.describe(vmId).lease());
        assertEquals(spec.lease(), peer.describe(vmId).lease());
        assertEquals("nobody holds the lease of a VM that runs nowhere", false, locked(leaseFile));

        source.start(vmId);
        assertTrue("virtlockd holds the lease while the VM runs", locked(leaseFile));
        long before = System.nanoTime();
        DriverException refused = assertThrows(DriverException.class, () -> peer.start(vmId));
        long refusedMillis = (System.nanoTime() - before) / 1_000_000;
        assertEquals(refused.getMessage(), Fault.CONFLICT, refused.fault());
        assertTrue(refused.getMessage(), refused.getMessage().contains("held elsewhere"));
        assertEquals("the peer does not run it, as a second connection sees", 0, activeOn(peerUri, vmId));
        assertEquals("the first host still runs it", 1, activeOn(uri, vmId));
        System.out.println("KvmLeaseEndToEndTest: a start refused for its lease took " + refusedMillis + " ms");

        source.powerOff(vmId);
        // virtlockd lets go when it sees the dead QEMU's connection close, just after libvirt reports it stopped
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (locked(leaseFile) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals("a VM powered off releases its lease", false, locked(leaseFile));
        peer.start(vmId);
        assertEquals("then the other host starts it", 1, activeOn(peerUri, vmId));
        assertTrue(locked(leaseFile));
        DriverException back = assertThrows(DriverException.class, () -> source.start(vmId));
        assertEquals(back.getMessage(), Fault.CONFLICT, back.fault());
        assertEquals(0, activeOn(uri, vmId));
    }

    @Test
    public void aLockspaceTheHostsLockdDoesNotServeIsUnsupportedAndSaysWhatToConfigure() {
        String vmId = UUID.randomUUID().toString();
        vmIds.add(vmId);
        // Beside the served lockspace, never created: lockd refuses before it looks for the file.
        String unserved = Path.of(leaseDir).resolveSibling("strata-unserved").toString();
        source.define(VmSpec.of("strata-lease-" + vmId.substring(0, 8), 1, 64)
                .withUuid(vmId)
                .withLease(new VmLease(unserved, vmId)));
        DriverException e = assertThrows(DriverException.class, () -> source.start(vmId));
        assertEquals(e.getMessage(), Fault.UNSUPPORTED, e.fault());
        assertTrue(e.getMessage(), e.getMessage().contains(unserved));
        assertTrue(e.getMessage(), e.getMessage().contains("file_lockspace_dir"));
        assertEquals(0, activeOn(uri, vmId));
    }

    /**
     * Whether another process holds a lock on the lease file: virtlockd locks its first byte with fcntl, as
     * {@link FileChannel#tryLock} does, so the attempt fails exactly while virtlockd holds it.
     */
    private static boolean locked(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock(0, 1, false);
            if (lock == null) {
                return true;
            }
            lock.release();
            return false;
        }
    }

    private static int activeOn(String uri, String vmId) {
        try {
            Connect virsh = new Connect(uri);
            try {
                return virsh.domainLookupByUUIDString(vmId).isActive();
            } finally {
                virsh.close();
            }
        } catch (org.libvirt.LibvirtException e) {
            throw new AssertionError("cannot ask " + uri + " about " + vmId, e);
        }
    }

    private static boolean set(String value) {
        return value != null && !value.isBlank();
    }
}
