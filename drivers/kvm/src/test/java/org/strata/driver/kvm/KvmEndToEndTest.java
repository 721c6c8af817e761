package org.strata.driver.kvm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.After;
import org.junit.Assume;
import org.junit.Before;
import org.junit.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.Capability;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.ConsoleInfo;
import org.strata.spi.hypervisor.GraphicsSpec;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.hypervisor.VmStats;

/**
 * The KVM driver against a real libvirtd and QEMU: runs when STRATA_TEST_LIBVIRT_URI names one
 * (e.g. qemu:///system), and is skipped otherwise. A diskless VM (SeaBIOS finds nothing to boot and waits, which
 * is all a test needs) is defined, started, checked through a second connection as virsh would, tuned,
 * hot-plugged, paused, stopped and removed, in a few seconds.
 */
public class KvmEndToEndTest {

    private final String uri = System.getenv("STRATA_TEST_LIBVIRT_URI");
    private EventLoop eventLoop;
    private HypervisorSession session;
    private Connect virsh;
    private String vmId;

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
        if (session != null && vmId != null) {
            try {
                if (session.vm(vmId).state() != VmInfo.PowerState.STOPPED) {
                    session.powerOff(vmId);
                }
                session.undefine(vmId);
            } catch (RuntimeException e) {
                // already gone: the test removed it
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
    public void runsATinyVmThroughItsWholeLife() throws Exception {
        HostFacts facts = session.facts();
        assertTrue(
                "QEMU hosts run TCG at least: " + facts.guestTypes(),
                facts.guestTypes().contains("qemu"));
        String expectedType = facts.guestTypes().contains("kvm") ? "kvm" : "qemu";

        String name = "strata-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        BlockingQueue<VmEvent> events = new LinkedBlockingQueue<>();
        try (AutoCloseable watch = session.watch(e -> {
            if (e.name().equals(name)) {
                events.add(e);
            }
        })) {
            VmSpec spec = new VmSpec(
                    name,
                    null,
                    1,
                    64,
                    VmSpec.GuestMode.HVM,
                    null,
                    null,
                    null,
                    null,
                    new GraphicsSpec(GraphicsSpec.Type.VNC, "127.0.0.1", 0),
                    true,
                    null);
            vmId = session.define(spec).id();
            awaitEvent(events, VmEvent.Type.DEFINED);

            session.start(vmId);
            awaitEvent(events, VmEvent.Type.STARTED);
            Domain seen = virsh.domainLookupByUUIDString(vmId);
            assertEquals("a second connection sees it run", 1, seen.isActive());
            assertTrue(seen.getXMLDesc(0), seen.getXMLDesc(0).contains("<domain type='" + expectedType + "'"));

            List<ConsoleInfo> consoles = session.consoles(vmId);
            assertTrue(
                    consoles.toString(),
                    consoles.stream()
                            .anyMatch(c -> c.type().equals("serial")
                                    && c.address() != null
                                    && c.address().startsWith("/dev/pts/")));
            assertTrue(
                    consoles.toString(),
                    consoles.stream()
                            .anyMatch(c -> c.type().equals("vnc")
                                    && c.address() != null
                                    && c.address().startsWith("127.0.0.1:")));

            await("the guest uses CPU time", () -> session.vmStats(vmId).cpuTimeNanos() > 0);
            VmStats stats = session.vmStats(vmId);
            assertEquals(1, stats.cpus());
            // the monitor's one call per host (virConnectGetAllDomainStats) reads the same counters
            VmStats bulk = session.runningVmStats().get(vmId);
            assertNotNull("the running VM is among every running VM's counters", bulk);
            assertEquals(stats.cpus(), bulk.cpus());
            // cpu.time comes from the cgroup (nanoseconds), getInfo's cpuTime is rounded to 10 ms: compare loosely
            assertTrue(
                    bulk + " beside " + stats,
                    bulk.cpuTimeNanos() > 0 && Math.abs(bulk.cpuTimeNanos() - stats.cpuTimeNanos()) < 5_000_000_000L);
            assertTrue(bulk.toString(), bulk.memoryUsedBytes() > 0);

            ResourceSettings settings = new ResourceSettings(512, 50, null, 1024L, 512L);
            session.applyResources(vmId, settings);
            String live = seen.getXMLDesc(0);
            assertTrue(
                    live,
                    live.contains("<shares>512</shares>")
                            && live.contains("<quota>50000</quota>")
                            && live.contains("<hard_limit unit='KiB'>1048576</hard_limit>"));
            assertEquals(settings, session.describe(vmId).resources());

            NicSpec nic = session.attachNic(vmId, new NicSpec(NicSpec.Attachment.USER, null, null, "virtio"));
            assertTrue("hot-plugged into the running guest", seen.getXMLDesc(0).contains(nic.mac()));
            assertTrue("and into its definition", session.describe(vmId).nics().contains(nic));

            session.suspend(vmId);
            assertEquals(VmInfo.PowerState.PAUSED, session.vm(vmId).state());
            awaitEvent(events, VmEvent.Type.SUSPENDED);
            session.resume(vmId);
            awaitEvent(events, VmEvent.Type.RESUMED);

            session.powerOff(vmId);
            awaitEvent(events, VmEvent.Type.STOPPED);
            assertEquals(0, seen.isActive());
            KvmDriverTest.assertFault(Fault.CONFLICT, () -> session.powerOff(vmId));

            session.detachNic(vmId, nic.mac());
            assertEquals(List.of(), session.describe(vmId).nics());
            session.undefine(vmId);
            awaitEvent(events, VmEvent.Type.UNDEFINED);
            KvmDriverTest.assertFault(Fault.NOT_FOUND, () -> session.vm(vmId));
            vmId = null;
        }
    }

    @Test
    public void reportsTheRealHost() {
        HostFacts facts = session.facts();
        assertEquals("QEMU", facts.hypervisor());
        assertTrue(facts.cpus() > 0);
        assertFalse(facts.numaCells().isEmpty());
        assertFalse(
                "a host with a daemon may migrate: " + facts.unavailable(),
                facts.unavailable().contains(Capability.LIVE_MIGRATION));
        var host = session.hostStats();
        assertTrue(host.cpuBusyNanos() > 0 && host.cpuBusyNanos() <= host.cpuTotalNanos());
        assertTrue(host.memoryFreeBytes() > 0 && host.memoryFreeBytes() <= host.memoryTotalBytes());
    }

    private static void awaitEvent(BlockingQueue<VmEvent> events, VmEvent.Type type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            VmEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e != null && e.type() == type) {
                return;
            }
        }
        throw new AssertionError("no " + type + " event within 10 s");
    }

    /** Polls a condition with a deadline; the pause between polls is a bounded wait on a latch, not a sleep. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 10 s");
            }
            never.await(50, TimeUnit.MILLISECONDS);
        }
    }
}
