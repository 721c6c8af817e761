package org.strata.driver.esx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.strata.driver.esx.EsxDriverTest.expect;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.CloneSpec;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.SnapshotInfo;
import org.strata.spi.hypervisor.SnapshotSpec;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.vsphere.testkit.FaultingProxy;
import org.strata.vsphere.testkit.Vcsim;

/**
 * Snapshots and clones of the ESX driver against govmomi's vcsim (a vCenter, one cluster of one host, five VMs with a
 * disk and a card each). The witness is govmomi's own client ({@link Vcsim#snapshots}, {@link Vcsim#vm}), not the
 * driver's SOAP code. Each test works on a VM of its own and removes the snapshots and clones it made.
 */
public class EsxSnapshotTest {

    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}(?::[0-9a-f]{2}){5}) ");

    private static Vcsim vcenter;
    private final EsxDriver driver = new EsxDriver();
    private final List<String[]> snapshotsMade = new ArrayList<>();
    private final List<String> clonesMade = new ArrayList<>();
    private HypervisorSession host;

    @BeforeClass
    public static void startSimulator() throws Exception {
        vcenter = Vcsim.start("-cluster-hosts", "1", "-standalone-hosts", "0", "-vms", "5");
    }

    @AfterClass
    public static void stopSimulator() throws Exception {
        if (vcenter != null) {
            vcenter.close();
        }
    }

    @Before
    public void open() {
        host = driver.open(new Endpoint(
                "vpx://" + vcenter.authority() + "/DC0/DC0_C0/DC0_C0_H0?transport=http",
                Vcsim.USER,
                Secret.of(Vcsim.PASSWORD),
                null));
    }

    @After
    public void cleanUp() {
        for (String id : clonesMade) {
            try {
                host.undefine(id);
            } catch (DriverException ignored) {
                // gone already
            }
        }
        // children first: each delete then removes a leaf
        for (int i = snapshotsMade.size() - 1; i >= 0; i--) {
            try {
                host.deleteSnapshot(snapshotsMade.get(i)[0], snapshotsMade.get(i)[1]);
            } catch (DriverException ignored) {
                // deleted by the test
            }
        }
        host.close();
    }

    private VmInfo vm(String name) {
        return host.listVms().stream()
                .filter(v -> v.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no VM " + name));
    }

    private SnapshotInfo snap(VmInfo vm, String name, boolean memory) {
        SnapshotInfo s = host.createSnapshot(vm.id(), new SnapshotSpec(name, "taken by " + name, memory, false));
        snapshotsMade.add(new String[] {vm.id(), name});
        return s;
    }

    private static SnapshotInfo named(List<SnapshotInfo> all, String name) {
        return all.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no snapshot " + name + " in " + all));
    }

    private String state(String vmName) throws Exception {
        String seen = vcenter.vm(vmName);
        Matcher m = Pattern.compile("\"powerState\":\"(\\w+)\"").matcher(seen);
        assertTrue(seen, m.find());
        return m.group(1);
    }

    @Test
    public void aTreeOfThreeIsListedParentsFirstWithTheCurrentOneMarked() throws Exception {
        VmInfo vm = vm("DC0_C0_RP0_VM0");
        assertEquals(List.of(), host.snapshots(vm.id()));
        assertTrue(host.facts().unavailable().isEmpty());
        assertTrue(driver.descriptor().capabilities().contains(Capability.VM_SNAPSHOT));

        SnapshotInfo root = snap(vm, "root", false);
        assertEquals("root", root.name());
        assertNull(root.parent());
        assertTrue(root.current());
        assertEquals("taken by root", root.description());
        assertNotNull(root.created());
        snap(vm, "child", false);
        SnapshotInfo grandchild = snap(vm, "grandchild", false);
        assertEquals("child", grandchild.parent());

        List<SnapshotInfo> all = host.snapshots(vm.id());
        assertEquals(
                List.of("root", "child", "grandchild"),
                all.stream().map(SnapshotInfo::name).toList());
        assertNull(all.get(0).parent());
        assertEquals("root", all.get(1).parent());
        assertEquals("child", all.get(2).parent());
        assertEquals(
                List.of(false, false, true),
                all.stream().map(SnapshotInfo::current).toList());

        // govmomi's client sees the same tree
        String seen = vcenter.snapshots(vm.name());
        assertTrue(seen, seen.contains("\"name\":\"root\",\"parent\":\"\""));
        assertTrue(seen, seen.contains("\"name\":\"child\",\"parent\":\"root\""));
        assertTrue(seen, seen.trim().matches(".*\"name\":\"grandchild\",\"parent\":\"child\"[^}]*\"current\":true.*"));

        // Strata names snapshots by name: a second "child" is refused, where ESX would take it
        DriverException twice = expect(
                Fault.CONFLICT, () -> host.createSnapshot(vm.id(), new SnapshotSpec("child", null, false, false)));
        assertTrue(twice.getMessage(), twice.getMessage().contains("child"));
        assertEquals(3, vcenter.snapshots(vm.name()).split("\"name\"").length - 1);

        expect(Fault.NOT_FOUND, () -> host.revertToSnapshot(vm.id(), "nosuch"));
        expect(Fault.NOT_FOUND, () -> host.deleteSnapshot(vm.id(), "nosuch"));
        expect(Fault.NOT_FOUND, () -> host.snapshots("00000000-0000-0000-0000-000000000000"));
    }

    @Test
    public void revertLeavesTheVmRunningAfterAMemorySnapshotAndOffAfterADiskOnlyOne() throws Exception {
        VmInfo vm = vm("DC0_C0_RP0_VM1");
        if (host.vm(vm.id()).state() == VmInfo.PowerState.RUNNING) {
            host.powerOff(vm.id());
        }
        // disk-only: taken while stopped, memory asked for but there is none
        SnapshotInfo off = snap(vm, "off", true);
        assertFalse(off.withMemory());
        assertEquals(VmInfo.PowerState.STOPPED, off.state());
        host.start(vm.id());
        SnapshotInfo on = snap(vm, "on", true);
        assertTrue(on.withMemory());
        assertEquals(VmInfo.PowerState.RUNNING, on.state());
        assertEquals("off", on.parent());

        host.revertToSnapshot(vm.id(), "off");
        assertEquals("poweredOff", state(vm.name()));
        assertEquals(VmInfo.PowerState.STOPPED, host.vm(vm.id()).state());
        assertTrue(named(host.snapshots(vm.id()), "off").current());
        String seen = vcenter.snapshots(vm.name());
        assertTrue(seen, seen.trim().matches(".*\"name\":\"off\"[^}]*\"current\":true.*"));

        host.revertToSnapshot(vm.id(), "on");
        assertEquals("poweredOn", state(vm.name()));
        assertTrue(named(host.snapshots(vm.id()), "on").current());
        assertEquals("both stay", 2, host.snapshots(vm.id()).size());
    }

    @Test
    public void deletingTheMiddleSnapshotMovesItsChildToItsParent() throws Exception {
        VmInfo vm = vm("DC0_C0_RP0_VM2");
        snap(vm, "a", false);
        snap(vm, "b", false);
        snap(vm, "c", false);
        String before = state(vm.name());

        host.deleteSnapshot(vm.id(), "b");

        List<SnapshotInfo> all = host.snapshots(vm.id());
        assertEquals(List.of("a", "c"), all.stream().map(SnapshotInfo::name).toList());
        assertEquals("a", all.get(1).parent());
        assertTrue("the current one is still c", all.get(1).current());
        String seen = vcenter.snapshots(vm.name());
        assertTrue(seen, seen.contains("\"name\":\"c\",\"parent\":\"a\""));
        assertFalse(seen, seen.contains("\"name\":\"b\""));
        assertEquals("the VM's state is untouched", before, state(vm.name()));
        expect(Fault.NOT_FOUND, () -> host.deleteSnapshot(vm.id(), "b"));
    }

    @Test
    public void aGuestThatCannotBeQuiescedGetsAnUnquiescedSnapshot() throws Exception {
        VmInfo vm = vm("DC0_C0_RP0_VM4");
        if (host.vm(vm.id()).state() != VmInfo.PowerState.RUNNING) {
            host.start(vm.id());
        }
        // vcsim quiesces any guest; the proxy answers as ESX does for a guest without VMware Tools
        try (FaultingProxy proxy = FaultingProxy.start(
                        vcenter.url(),
                        body -> body.contains("<CreateSnapshot_Task") && body.contains("<quiesce>true</quiesce>"),
                        "ToolsUnavailable",
                        "VMware Tools is not running in the guest");
                HypervisorSession through = driver.open(new Endpoint(
                        "vpx://" + proxy.authority() + "/DC0/DC0_C0/DC0_C0_H0?transport=http",
                        Vcsim.USER,
                        Secret.of(Vcsim.PASSWORD),
                        null))) {
            SnapshotInfo s = through.createSnapshot(vm.id(), new SnapshotSpec("frozen", null, false, true));
            snapshotsMade.add(new String[] {vm.id(), "frozen"});
            assertEquals("one quiesced attempt, refused", 1, proxy.trapped());
            assertFalse(s.quiesced());
        }
        String seen = vcenter.snapshots(vm.name());
        assertTrue(seen, seen.contains("\"name\":\"frozen\""));
        assertTrue(seen, seen.contains("\"quiesced\":false"));

        // where the guest answers (vcsim's), the snapshot is quiesced
        SnapshotInfo q = host.createSnapshot(vm.id(), new SnapshotSpec("thawed", null, false, true));
        snapshotsMade.add(new String[] {vm.id(), "thawed"});
        assertTrue(q.quiesced());
        assertTrue(vcenter.snapshots(vm.name()).matches("(?s).*\"name\":\"thawed\"[^}]*\"quiesced\":true.*"));
    }

    @Test
    public void fullAndLinkedClonesAreNewStoppedVmsWithNewMacs() throws Exception {
        VmInfo source = vm("DC0_C0_RP0_VM3");
        assertTrue(driver.descriptor().capabilities().contains(Capability.VM_CLONE));
        String sourceSeen = vcenter.vm(source.name());
        List<String> sourceMacs = macs(sourceSeen);
        assertFalse(sourceSeen, sourceMacs.isEmpty());

        DriverException noSnapshot =
                expect(Fault.CONFLICT, () -> host.cloneVm(source.id(), new CloneSpec("linked0", true, null)));
        assertTrue(noSnapshot.getMessage(), noSnapshot.getMessage().contains("snapshot"));

        VmInfo full = clone(source, new CloneSpec(source.name() + "-full", false, null));
        snap(source, "base", false);
        snap(source, "later", false);
        VmInfo linkedCurrent = clone(source, new CloneSpec(source.name() + "-linked", true, null));
        VmInfo linkedNamed = clone(source, new CloneSpec(source.name() + "-linked-base", true, "base"));
        expect(Fault.NOT_FOUND, () -> host.cloneVm(source.id(), new CloneSpec("linked1", true, "nosuch")));
        expect(Fault.CONFLICT, () -> host.cloneVm(source.id(), new CloneSpec(full.name(), false, null)));

        for (VmInfo c : List.of(full, linkedCurrent, linkedNamed)) {
            assertNotEquals(source.id(), c.id());
            assertEquals(VmInfo.PowerState.STOPPED, c.state());
            assertEquals(source.cpus(), c.cpus());
            assertEquals(source.memoryBytes(), c.memoryBytes());
            assertEquals(c, host.vm(c.id()));
            String seen = vcenter.vm(c.name());
            assertTrue(seen, seen.contains("\"uuid\":\"" + c.id() + "\""));
            assertTrue(seen, seen.contains("\"powerState\":\"poweredOff\""));
            assertTrue(seen, seen.contains("\"host\":\"DC0_C0_H0\""));
            List<String> macs = macs(seen);
            assertEquals(seen, sourceMacs.size(), macs.size());
            for (String mac : macs) {
                assertFalse(seen + " vs " + sourceSeen, sourceMacs.contains(mac));
            }
            // No check of disk file names: vcsim 0.24's CloneVM_Task reuses the source's disk device object for the
            // clone (it clears its file name), so every clone and the source end up naming the last clone's VMDK.
        }
        String after = vcenter.vm(source.name());
        assertEquals("the source keeps its cards", sourceMacs, macs(after));
        assertTrue(after, after.contains("\"uuid\":\"" + source.id() + "\""));
    }

    private VmInfo clone(VmInfo source, CloneSpec spec) {
        VmInfo c = host.cloneVm(source.id(), spec);
        clonesMade.add(c.id());
        assertEquals(spec.name(), c.name());
        return c;
    }

    private static List<String> macs(String seen) {
        List<String> out = new ArrayList<>();
        Matcher m = MAC.matcher(seen);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
