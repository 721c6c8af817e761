package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.UUID;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.Endpoint;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmSpec;

/**
 * Guest information against a real libvirtd and QEMU, where no guest agent answers: runs when
 * STRATA_TEST_LIBVIRT_URI names one (e.g. qemu:///system), and is skipped otherwise. Two disk-less VMs (SeaBIOS finds
 * nothing to boot and waits): one defined by the driver, with the agent's channel and nothing in the guest to answer
 * on it, reads "not connected"; one defined through a second connection without the channel, as a VM found on a host
 * may be, reads "not configured"; stopped, the first reads "not running". Each is an answer, not an error, and comes
 * at once. A guest with a running agent is the OS layer's end-to-end test (a golden image with qemu-guest-agent):
 * none is booted here.
 */
public class KvmGuestAgentEndToEndTest {

    private final String uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private EventLoop eventLoop;
    private HypervisorSession session;
    private Connect virsh;
    private Domain withChannel;
    private Domain withoutChannel;

    @Before
    public void connect() throws Exception {
        Assume.assumeTrue(
                "set STRATA_TEST_LIBVIRT_URI (e.g. qemu:///system) to run against a real libvirtd",
                uri != null && !uri.isBlank());
        eventLoop = new EventLoop();
        session = new KvmDriver(eventLoop).open(Endpoint.of(uri));
        virsh = new Connect(uri);
    }

    @After
    public void cleanUp() throws Exception {
        for (Domain domain : new Domain[] {withChannel, withoutChannel}) {
            if (domain == null) {
                continue;
            }
            try {
                if (domain.isActive() == 1) {
                    domain.destroy();
                }
                domain.undefine();
            } catch (Exception e) {
                // already gone
            }
        }
        if (virsh != null) {
            virsh.close();
        }
        if (session != null) {
            session.close();
        }
        if (eventLoop != null) {
            eventLoop.close();
        }
    }

    @Test
    public void aGuestWithoutAnAgentIsAnAnswerWithLibvirtsReason() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String id = session.define(VmSpec.of("strata-ga-" + suffix, 1, 64)).id();
        withChannel = virsh.domainLookupByUUIDString(id);
        withoutChannel = virsh.domainDefineXML("<domain type='qemu'><name>strata-ga-bare-" + suffix + "</name>"
                + "<memory unit='MiB'>64</memory><vcpu>1</vcpu><os><type>hvm</type><boot dev='hd'/></os>"
                + "<devices/></domain>");
        session.start(id);
        withoutChannel.create();

        long started = System.nanoTime();
        GuestInfo notConnected = session.guestInfo(id);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertFalse(notConnected.agentAnswered());
        assertTrue(notConnected.reason(), notConnected.reason().contains("QEMU guest agent is not connected"));
        assertTrue(notConnected.os().isEmpty() && notConnected.interfaces().isEmpty());
        assertTrue("answered at once, not after the agent timeout: " + millis + " ms", millis < 2_000);

        GuestInfo notConfigured = session.guestInfo(withoutChannel.getUUIDString());
        assertFalse(notConfigured.agentAnswered());
        assertTrue(notConfigured.reason(), notConfigured.reason().contains("QEMU guest agent is not configured"));
        assertTrue(notConfigured.reason(), notConfigured.reason().contains("no org.qemu.guest_agent.0 channel"));

        session.powerOff(id);
        assertEquals("the VM is not running", session.guestInfo(id).reason());
    }
}
