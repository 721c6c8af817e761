package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.libvirt.Connect;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.MigrationMonitor;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;

/**
 * Live migration between two real libvirt daemons: runs when STRATA_TEST_LIBVIRT_URI and
 * STRATA_TEST_LIBVIRT_PEER_URI name them (tools/test-env/libvirtd.sh and libvirtd-peer.sh), skipped otherwise.
 * A disk-less TCG VM goes to the peer and back, each way in one to two seconds.
 */
public class KvmMigrationEndToEndTest {

    private final String uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private final String peerUri = System.getenv("STRATA_TEST_LIBVIRT_PEER_URI");
    private EventLoop eventLoop;
    private KvmDriver driver;
    private HypervisorSession source;
    private HypervisorSession peer;
    private String vmId;

    @Before
    public void connect() {
        Assume.assumeTrue(
                "set STRATA_TEST_LIBVIRT_URI and STRATA_TEST_LIBVIRT_PEER_URI to run against two " + "libvirt daemons",
                uri != null && !uri.isBlank() && peerUri != null && !peerUri.isBlank());
        eventLoop = new EventLoop();
        driver = new KvmDriver(eventLoop);
        source = driver.open(Endpoint.of(uri));
        peer = driver.open(Endpoint.of(peerUri));
    }

    @After
    public void cleanUp() {
        for (HypervisorSession s : new HypervisorSession[] {source, peer}) {
            if (s != null && vmId != null) {
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
        if (source != null) {
            source.close();
        }
        if (peer != null) {
            peer.close();
        }
        if (eventLoop != null) {
            eventLoop.close();
        }
    }

    @Test
    public void migratesARunningVmToThePeerAndBack() throws Exception {
        String name = "strata-mig-" + UUID.randomUUID().toString().substring(0, 8);
        VmSpec spec = new VmSpec(name, null, 1, 64, VmSpec.GuestMode.HVM, null, null, null, null, null, true, null);
        vmId = source.define(spec).id();

        KvmDriverTest.assertFault(Fault.CONFLICT, () -> source.migrate(vmId, Endpoint.of(peerUri), new Recording()));
        KvmDriverTest.assertFault(
                Fault.UNSUPPORTED, () -> source.migrate(vmId, Endpoint.of("xen:///system"), new Recording()));
        source.start(vmId);

        Recording there = new Recording();
        VmInfo moved = source.migrate(vmId, Endpoint.of(peerUri), there);
        assertEquals("a migrated VM keeps its id", vmId, moved.id());
        assertEquals(VmInfo.PowerState.RUNNING, moved.state());
        assertEquals(100, (int) there.percents.get(there.percents.size() - 1));
        KvmDriverTest.assertFault(Fault.NOT_FOUND, () -> source.vm(vmId));
        Connect virsh = new Connect(peerUri);
        try {
            assertEquals(
                    "the peer runs it, as a second connection sees",
                    1,
                    virsh.domainLookupByUUIDString(vmId).isActive());
            assertEquals(
                    "and keeps its definition",
                    1,
                    virsh.domainLookupByUUIDString(vmId).isPersistent());
        } finally {
            virsh.close();
        }

        Recording back = new Recording();
        VmInfo returned = peer.migrate(vmId, Endpoint.of(uri), back);
        assertEquals(VmInfo.PowerState.RUNNING, returned.state());
        assertEquals(VmInfo.PowerState.RUNNING, source.vm(vmId).state());
        KvmDriverTest.assertFault(Fault.NOT_FOUND, () -> peer.vm(vmId));
        assertTrue("progress only grows: " + back.percents, isSorted(back.percents));
        assertFalse(back.percents.isEmpty());
    }

    private static boolean isSorted(List<Integer> values) {
        for (int i = 1; i < values.size(); i++) {
            if (values.get(i) < values.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    /** The platform's side, recorded. */
    private static final class Recording implements MigrationMonitor {
        final List<Integer> percents = new CopyOnWriteArrayList<>();

        @Override
        public void progress(int percent, String message) {
            percents.add(percent);
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    }
}
