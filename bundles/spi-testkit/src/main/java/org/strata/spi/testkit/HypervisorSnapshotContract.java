package org.strata.spi.testkit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.CloneSpec;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.SnapshotInfo;
import org.strata.spi.hypervisor.SnapshotSpec;
import org.strata.spi.hypervisor.VmInfo;

/**
 * What the platform relies on from a hypervisor driver's snapshots and clones (SPI 2.1: {@code VM_SNAPSHOT},
 * {@code VM_CLONE}). Extend it in your driver's tests as {@link HypervisorDriverContract}, and say which VM of the
 * fresh host the kit may snapshot, start, stop and clone:
 *
 * <pre>
 * public class AcmeSnapshotContractTest extends HypervisorSnapshotContract {
 *     protected HypervisorDriver driver() { return new AcmeDriver(); }
 *     protected Endpoint freshHost() { ... }
 *     protected String snapshotVm(HypervisorSession host) { return idOf(host, "kit-vm"); }
 * }
 * </pre>
 *
 * A driver that does not list a capability must answer {@code UNSUPPORTED}; one that lists it is checked for real.
 * The kit removes the snapshots and clones it made.
 */
public abstract class HypervisorSnapshotContract {

    private HypervisorDriver driver;
    private HypervisorSession session;
    private String vm;
    private final List<String> snapshotsMade = new ArrayList<>();
    private final List<String> clonesMade = new ArrayList<>();

    /** A new instance of the driver under test. */
    protected abstract HypervisorDriver driver() throws Exception;

    /** A host for one test, whose state no other test sees. */
    protected abstract Endpoint freshHost() throws Exception;

    /**
     * The id of a VM of that host, without snapshots, that the kit may snapshot, start, stop and clone; the kit
     * leaves it stopped. The default takes the first VM listed.
     */
    protected String snapshotVm(HypervisorSession host) throws Exception {
        List<VmInfo> vms = host.listVms();
        assertFalse("the test host has a VM to snapshot", vms.isEmpty());
        return vms.get(0).id();
    }

    /** Whether the VM can run on the test host (a memory snapshot needs it running); override when it cannot. */
    protected boolean vmCanRun() {
        return true;
    }

    /** The VM's id, by name, for {@link #snapshotVm}. */
    protected static String idOf(HypervisorSession host, String name) {
        return host.listVms().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the test host has no VM " + name))
                .id();
    }

    @Before
    public final void openSession() throws Exception {
        driver = driver();
        session = driver.open(freshHost());
        vm = snapshotVm(session);
    }

    @After
    public final void removeWhatTheKitMade() {
        if (session == null) {
            return;
        }
        for (String clone : clonesMade) {
            try {
                session.undefine(clone);
            } catch (DriverException ignored) {
                // gone already
            }
        }
        for (int i = snapshotsMade.size() - 1; i >= 0; i--) {
            try {
                session.deleteSnapshot(vm, snapshotsMade.get(i));
            } catch (DriverException ignored) {
                // deleted by the test
            }
        }
        session.close();
    }

    private boolean snapshots() {
        return driver.descriptor().capabilities().contains(Capability.VM_SNAPSHOT);
    }

    private boolean clones() {
        return driver.descriptor().capabilities().contains(Capability.VM_CLONE)
                && !session.facts().unavailable().contains(Capability.VM_CLONE);
    }

    private SnapshotInfo take(String name, boolean memory) {
        SnapshotInfo s = session.createSnapshot(vm, new SnapshotSpec(name, "kit " + name, memory, false));
        snapshotsMade.add(name);
        assertEquals(name, s.name());
        assertTrue("a new snapshot is the current one", s.current());
        return s;
    }

    private void ensure(VmInfo.PowerState state) {
        VmInfo.PowerState now = session.vm(vm).state();
        if (state == VmInfo.PowerState.STOPPED && now != VmInfo.PowerState.STOPPED) {
            session.powerOff(vm);
        } else if (state == VmInfo.PowerState.RUNNING && now != VmInfo.PowerState.RUNNING) {
            session.start(vm);
        }
    }

    @Test
    public void snapshotsFormATreeListedParentsFirst() {
        if (!snapshots()) {
            KitChecks.expectFault(Fault.UNSUPPORTED, () -> session.snapshots(vm));
            KitChecks.expectFault(
                    Fault.UNSUPPORTED, () -> session.createSnapshot(vm, new SnapshotSpec("kit", null, false, false)));
            return;
        }
        assertEquals("the kit's VM starts without snapshots", List.of(), session.snapshots(vm));
        SnapshotInfo root = take("kit-root", false);
        assertNull("a first snapshot is a root", root.parent());
        assertEquals("kit kit-root", root.description());
        take("kit-child", false);
        take("kit-grandchild", false);

        List<SnapshotInfo> all = session.snapshots(vm);
        assertEquals(
                List.of("kit-root", "kit-child", "kit-grandchild"),
                all.stream().map(SnapshotInfo::name).toList());
        assertEquals("kit-root", all.get(1).parent());
        assertEquals("kit-child", all.get(2).parent());
        assertEquals(
                "only the last one is current",
                List.of(false, false, true),
                all.stream().map(SnapshotInfo::current).toList());

        KitChecks.expectFault(
                Fault.CONFLICT, () -> session.createSnapshot(vm, new SnapshotSpec("kit-child", null, false, false)));
        assertEquals(
                "a refused duplicate leaves nothing", 3, session.snapshots(vm).size());
        KitChecks.expectFault(Fault.NOT_FOUND, () -> session.revertToSnapshot(vm, "kit-nosuch"));
        KitChecks.expectFault(Fault.NOT_FOUND, () -> session.deleteSnapshot(vm, "kit-nosuch"));
    }

    @Test
    public void revertRestoresThePowerStateTheSnapshotKept() {
        if (!snapshots()) {
            KitChecks.expectFault(Fault.UNSUPPORTED, () -> session.revertToSnapshot(vm, "kit"));
            return;
        }
        ensure(VmInfo.PowerState.STOPPED);
        SnapshotInfo off = take("kit-off", true);
        assertFalse("a stopped VM has no memory to keep", off.withMemory());
        if (!vmCanRun()) {
            session.revertToSnapshot(vm, "kit-off");
            assertEquals(VmInfo.PowerState.STOPPED, session.vm(vm).state());
            return;
        }
        ensure(VmInfo.PowerState.RUNNING);
        SnapshotInfo on = take("kit-on", true);
        assertTrue("a running VM's memory snapshot says so", on.withMemory());

        session.revertToSnapshot(vm, "kit-off");
        assertEquals(
                "off after a disk-only snapshot",
                VmInfo.PowerState.STOPPED,
                session.vm(vm).state());
        assertTrue(current("kit-off"));

        session.revertToSnapshot(vm, "kit-on");
        assertEquals(
                "running after a memory snapshot",
                VmInfo.PowerState.RUNNING,
                session.vm(vm).state());
        assertTrue(current("kit-on"));
        assertEquals("a revert keeps every snapshot", 2, session.snapshots(vm).size());
        ensure(VmInfo.PowerState.STOPPED);
    }

    @Test
    public void deletingASnapshotGivesItsChildrenToItsParent() {
        if (!snapshots()) {
            KitChecks.expectFault(Fault.UNSUPPORTED, () -> session.deleteSnapshot(vm, "kit"));
            return;
        }
        take("kit-a", false);
        take("kit-b", false);
        take("kit-c", false);
        VmInfo.PowerState before = session.vm(vm).state();

        session.deleteSnapshot(vm, "kit-b");

        List<SnapshotInfo> all = session.snapshots(vm);
        assertEquals(
                List.of("kit-a", "kit-c"), all.stream().map(SnapshotInfo::name).toList());
        assertEquals("kit-a", all.get(1).parent());
        assertTrue("the current snapshot stays current", all.get(1).current());
        assertEquals("the VM's state is unchanged", before, session.vm(vm).state());
    }

    @Test
    public void aCloneIsANewStoppedVmWithNewMacs() {
        if (!clones()) {
            // not listed, or listed but unavailable on this host (HostFacts.unavailable)
            KitChecks.expectFault(
                    Fault.UNSUPPORTED, () -> session.cloneVm(vm, new CloneSpec("kit-clone", false, null)));
            return;
        }
        VmInfo source = session.vm(vm);
        VmInfo full = session.cloneVm(vm, new CloneSpec(source.name() + "-kit-full", false, null));
        clonesMade.add(full.id());
        assertNotNull(full);
        assertNotEquals("a clone is a VM of its own", source.id(), full.id());
        assertEquals(source.name() + "-kit-full", full.name());
        assertEquals(VmInfo.PowerState.STOPPED, full.state());
        assertEquals(full, session.vm(full.id()));
        assertTrue("the host lists the clone", session.listVms().stream().anyMatch(v -> v.id().equals(full.id())));
        KitChecks.expectFault(Fault.CONFLICT, () -> session.cloneVm(vm, new CloneSpec(full.name(), false, null)));
        if (driver.descriptor().capabilities().contains(Capability.VM_DEFINE)) {
            Set<String> sourceMacs = macs(vm);
            for (String mac : macs(full.id())) {
                assertFalse("a clone's card has a new MAC: " + mac, sourceMacs.contains(mac));
            }
        }
        if (snapshots()) {
            take("kit-base", false);
            VmInfo linked = session.cloneVm(vm, new CloneSpec(source.name() + "-kit-linked", true, "kit-base"));
            clonesMade.add(linked.id());
            assertEquals(VmInfo.PowerState.STOPPED, linked.state());
            KitChecks.expectFault(
                    Fault.NOT_FOUND,
                    () -> session.cloneVm(vm, new CloneSpec(source.name() + "-kit-linked2", true, "kit-nosuch")));
        }
    }

    private boolean current(String name) {
        return session.snapshots(vm).stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no snapshot " + name))
                .current();
    }

    private Set<String> macs(String vmId) {
        Set<String> out = new HashSet<>();
        for (NicSpec n : session.describe(vmId).nics()) {
            if (n.mac() != null) {
                out.add(n.mac().toLowerCase(java.util.Locale.ROOT));
            }
        }
        return out;
    }
}
