package org.strata.core.vm;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.history.HistoryEntry;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostSpec;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.api.vm.Console;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGraphics;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryHypervisorForTests;
import org.strata.spi.Capability;
import org.strata.spi.Vocabulary;

public class VmManagerTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private VmManager vms;
    private Host h1;
    private Host h2;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        vms = bed.vms;
        h1 = bed.addHost("h1", "mem://a");
        h2 = bed.addHost("h2", "mem://b");
    }

    @After
    public void close() {
        bed.close();
    }

    private static VmSpec webSpec() {
        return new VmSpec(
                "web",
                2,
                1024,
                null,
                List.of(new VmDisk(null, "/var/lib/images/web.qcow2", "qcow2", null, null, false)),
                List.of(new VmNic(null, "default", null, null)),
                List.of(),
                List.of("disk"),
                new VmGraphics("vnc", null, 0),
                true,
                null);
    }

    private String create(Host host, VmSpec spec) throws Exception {
        Task done = bed.await(vms.create(host.id(), spec, "alice"));
        assertEquals(done.errorMessage(), TaskState.SUCCEEDED, done.state());
        return done.result();
    }

    private Task act(String id, String action, Integer timeout) throws Exception {
        return bed.await(vms.act(id, action, timeout, "alice"));
    }

    private void succeeds(Task task) throws Exception {
        Task done = bed.await(task);
        assertEquals(done.errorMessage(), TaskState.SUCCEEDED, done.state());
    }

    private long tasks() {
        return bed.tasks.tasks(null, PageRequest.first()).total();
    }

    private long history() {
        return bed.repository.history(null, null, PageRequest.first()).total();
    }

    /** Refused at once, with no task and no change. */
    private void refused(ErrorCode code, ThrowingRunnable request) throws InterruptedException {
        // The hypervisor's echo of an earlier change may still be queued for the synchronizer: let it land first,
        // so that what is counted is only what this request did.
        bed.synchronizer.awaitQueued();
        long tasksBefore = tasks();
        long historyBefore = history();
        StrataException e = assertThrows(StrataException.class, request);
        assertEquals(e.getMessage(), code, e.code());
        assertEquals(tasksBefore, tasks());
        assertEquals(historyBefore, history());
    }

    /** Read-only and at once: no task, no history; the driver's report in the API's words. */
    @Test
    public void theGuestAgentsReportIsAskedOfTheHypervisorForARunningVmOnly() throws Exception {
        String id = create(h1, webSpec());
        refused(ErrorCode.NOT_FOUND, () -> vms.guest("no-such-vm"));
        refused(ErrorCode.CONFLICT, () -> vms.guest(id));
        succeeds(vms.act(id, "start", null, "alice"));
        refused(ErrorCode.UNSUPPORTED, () -> vms.guest(id));

        bed.driver.host("mem://a").guest = new org.strata.spi.hypervisor.GuestInfo(
                true,
                null,
                java.util.Map.of(
                        "id", "debian",
                        "name", "Debian GNU/Linux",
                        "pretty-name", "Debian GNU/Linux 12 (bookworm)",
                        "version", "12 (bookworm)",
                        "version-id", "12",
                        "kernel-release", "6.1.0-28-amd64",
                        "machine", "x86_64"),
                "web",
                List.of(new org.strata.spi.hypervisor.GuestInfo.Interface(
                        "ens3",
                        "52:54:00:12:34:56",
                        List.of(
                                new org.strata.spi.hypervisor.GuestInfo.Address("192.168.122.15", 24),
                                new org.strata.spi.hypervisor.GuestInfo.Address("fe80::5054:ff:fe12:3456", 64)))));
        long tasksBefore = tasks();
        long historyBefore = history();
        VmGuest guest = vms.guest(id);
        assertEquals(
                new VmGuest(
                        true,
                        null,
                        new VmGuest.GuestOs(
                                "debian",
                                "Debian GNU/Linux",
                                "Debian GNU/Linux 12 (bookworm)",
                                "12 (bookworm)",
                                "12",
                                "6.1.0-28-amd64",
                                "x86_64"),
                        "web",
                        List.of(new VmGuest.GuestInterface(
                                "ens3",
                                "52:54:00:12:34:56",
                                List.of(
                                        new VmGuest.GuestAddress("192.168.122.15", 24),
                                        new VmGuest.GuestAddress("fe80::5054:ff:fe12:3456", 64))))),
                guest);
        assertEquals("no task", tasksBefore, tasks());
        assertEquals("no history", historyBefore, history());

        bed.driver.host("mem://a").guest =
                org.strata.spi.hypervisor.GuestInfo.noAgent("QEMU guest agent is not connected");
        assertEquals(
                "no agent is an answer, not an error",
                new VmGuest(false, "QEMU guest agent is not connected", null, null, List.of()),
                vms.guest(id));

        bed.drivers.unregister(7L);
        refused(ErrorCode.DRIVER_UNAVAILABLE, () -> vms.guest(id));
    }

    @Test
    public void aVmGoesThroughItsWholeLifecycle() throws Exception {
        String id = create(h1, webSpec());
        VirtualMachine vm = vms.vm(id);
        assertEquals("Strata's id is the hypervisor's UUID", id, vm.hypervisorId());
        assertTrue(vm.managed());
        assertEquals(VmState.STOPPED, vm.state());
        assertEquals(
                "the target the hypervisor chose is recorded",
                "vda",
                vm.spec().disks().get(0).target());
        assertNotNull(vm.spec().nics().get(0).mac());
        assertTrue(bed.driver.host("mem://a").has(id));
        assertEquals(
                List.of(HistoryEntry.Action.CREATE),
                bed.repository.history("vm", id, PageRequest.first()).items().stream()
                        .map(HistoryEntry::action)
                        .toList());

        refused(ErrorCode.CONFLICT, () -> vms.create(h1.id(), webSpec(), "bob"));

        succeeds(vms.act(id, "start", null, "alice"));
        assertEquals(VmState.RUNNING, vms.vm(id).state());
        refused(ErrorCode.CONFLICT, () -> vms.act(id, "start", null, "alice"));
        refused(ErrorCode.CONFLICT, () -> vms.delete(id, "alice"));
        refused(ErrorCode.CONFLICT, () -> vms.update(id, webSpec(), "alice"));
        List<Console> consoles = vms.consoles(id);
        assertEquals(List.of(new Console("vnc", "127.0.0.1:5900"), new Console("serial", "/dev/pts/7")), consoles);

        // The guest ignores the request: powered off after the timeout, and the result says so.
        bed.driver.host("mem://a").guestIgnoresShutdown = true;
        Task forced = act(id, "shutdown", 1);
        assertEquals(TaskState.SUCCEEDED, forced.state());
        assertTrue(forced.result(), forced.result().startsWith(id + " powered off"));
        assertEquals(VmState.STOPPED, vms.vm(id).state());

        bed.driver.host("mem://a").guestIgnoresShutdown = false;
        succeeds(vms.act(id, "start", null, "alice"));
        Task graceful = act(id, "shutdown", null);
        assertEquals(id, graceful.result());
        assertEquals(VmState.STOPPED, vms.vm(id).state());

        succeeds(vms.act(id, "start", null, "alice"));
        succeeds(vms.act(id, "suspend", null, "alice"));
        assertEquals(VmState.PAUSED, vms.vm(id).state());
        refused(ErrorCode.CONFLICT, () -> vms.act(id, "shutdown", null, "alice"));
        succeeds(vms.act(id, "resume", null, "alice"));
        succeeds(vms.act(id, "reboot", null, "alice"));
        assertEquals(VmState.RUNNING, vms.vm(id).state());
        succeeds(vms.act(id, "poweroff", null, "alice"));
        assertEquals(VmState.STOPPED, vms.vm(id).state());
        assertEquals(VmState.STOPPED, vms.vm(id).state());

        refused(ErrorCode.INVALID_INPUT, () -> vms.act(id, "explode", null, "alice"));
        refused(ErrorCode.INVALID_INPUT, () -> vms.act(id, "shutdown", 0, "alice"));

        succeeds(vms.delete(id, "alice"));
        assertFalse(bed.driver.host("mem://a").has(id));
        assertEquals(0, vms.vms(null, PageRequest.first()).total());
        refused(ErrorCode.NOT_FOUND, () -> vms.vm(id));
        // Power states are events, not history: create and delete only.
        assertEquals(2, bed.repository.history("vm", id, PageRequest.first()).total());
    }

    @Test
    public void aShutdownCanBeCancelledWhileItWaits() throws Exception {
        String id = create(h1, webSpec());
        succeeds(vms.act(id, "start", null, "alice"));
        bed.driver.host("mem://a").guestIgnoresShutdown = true;
        Task waiting = vms.act(id, "shutdown", 600, "alice");
        assertTrue(CoreTestbed.eventually(() -> bed.tasks.task(waiting.id()).progress() == 20));
        bed.tasks.cancel(waiting.id(), "bob");
        assertEquals(TaskState.CANCELLED, bed.await(waiting).state());
        assertEquals("not powered off", VmState.RUNNING, vms.vm(id).state());
    }

    @Test
    public void definitionsAreUpdatedOnlyWhenStoppedAndKeepTheirName() throws Exception {
        String id = create(h1, webSpec());
        VmSpec bigger =
                new VmSpec("web", 4, 2048, "hvm", List.of(), List.of(), List.of(), List.of(), null, false, null);
        succeeds(vms.update(id, bigger, "bob"));
        assertEquals(4, vms.vm(id).cpus());
        assertEquals(2048, bed.driver.host("mem://a").spec(id).memoryMb());
        refused(ErrorCode.INVALID_INPUT, () -> vms.update(id, VmSpec.of("renamed", 1, 512), "bob"));
        refused(ErrorCode.INVALID_INPUT, () -> vms.update(id, VmSpec.of("web", 0, 512), "bob"));

        succeeds(vms.setResources(id, new VmResources(2048, null, null, null, null), "bob"));
        succeeds(vms.setResources(id, new VmResources(null, 50, null, null, null), "bob"));
        assertEquals(
                new VmResources(2048, 50, null, null, null), vms.vm(id).spec().resources());
        refused(ErrorCode.INVALID_INPUT, () -> vms.setResources(id, new VmResources(1, null, null, null, null), "bob"));
        refused(
                ErrorCode.INVALID_INPUT,
                () -> vms.setResources(id, new VmResources(null, null, null, null, null), "bob"));
    }

    @Test
    public void aDeviceTheHypervisorRejectsLeavesTheInventoryUnchanged() throws Exception {
        String id = create(h1, webSpec());
        VirtualMachine before = vms.vm(id);
        long historyBefore = history();
        bed.driver.host("mem://a").rejectDevices = true;
        Task rejected = bed.await(
                vms.attachDisk(id, new VmDisk("disk", "/var/lib/images/data.raw", null, null, null, false), "alice"));
        assertEquals(TaskState.FAILED, rejected.state());
        assertEquals(ErrorCode.CONFLICT, rejected.errorCode());
        Task rejectedDetach = bed.await(vms.detachDisk(id, "vda", "alice"));
        assertEquals(ErrorCode.CONFLICT, rejectedDetach.errorCode());
        assertEquals(before, vms.vm(id));
        assertEquals(historyBefore, history());

        bed.driver.host("mem://a").rejectDevices = false;
        succeeds(vms.attachDisk(id, new VmDisk("disk", "/var/lib/images/data.raw", null, null, null, false), "alice"));
        assertEquals("vdb", vms.vm(id).spec().disks().get(1).target());
        refused(
                ErrorCode.CONFLICT,
                () -> vms.attachDisk(id, new VmDisk("disk", "/x", null, null, "vdb", false), "alice"));
        refused(
                ErrorCode.INVALID_INPUT,
                () -> vms.attachDisk(id, new VmDisk("disk", null, null, null, null, false), "alice"));

        // Hot-plug on the running VM.
        succeeds(vms.act(id, "start", null, "alice"));
        succeeds(vms.attachNic(id, new VmNic("bridge", "br0", "52:54:00:00:00:09", "e1000"), "alice"));
        assertEquals(2, vms.vm(id).spec().nics().size());
        succeeds(vms.detachNic(id, "52:54:00:00:00:09", "alice"));
        succeeds(vms.detachDisk(id, "vdb", "alice"));
        assertEquals(1, vms.vm(id).spec().disks().size());
        assertEquals(1, bed.driver.host("mem://a").spec(id).nics().size());
        refused(ErrorCode.NOT_FOUND, () -> vms.detachDisk(id, "vdz", "alice"));
        refused(ErrorCode.NOT_FOUND, () -> vms.detachNic(id, "52:54:00:00:00:10", "alice"));
        refused(ErrorCode.INVALID_INPUT, () -> vms.detachNic(id, "not-a-mac", "alice"));
    }

    @Test
    public void capabilitiesAreCheckedBeforeAnyTask() throws Exception {
        InMemoryHypervisorForTests basic = new InMemoryHypervisorForTests("basic", EnumSet.of(Capability.VM_POWER));
        bed.drivers.register(basic, "basic.bundle", 9L);
        Host plain = bed.inventory.addHost(
                new HostSpec("plain", bed.dc.id(), null, "basic", "mem://plain", null, null), "alice");
        refused(ErrorCode.UNSUPPORTED, () -> vms.create(plain.id(), webSpec(), "alice"));
        refused(ErrorCode.INVALID_INPUT, () -> vms.create(h1.id(), VmSpec.of("bad name", 1, 512), "alice"));
        refused(ErrorCode.NOT_FOUND, () -> vms.create("no-such-host", webSpec(), "alice"));

        // A host without hot-plug: devices change only while the VM is stopped.
        bed.driver.host("mem://c").unavailable.add(Capability.DEVICE_HOTPLUG);
        Host cold = bed.addHost("cold", "mem://c");
        String id = create(cold, webSpec());
        assertFalse(bed.inventory.host(cold.id()).info().capabilities().contains("DEVICE_HOTPLUG"));
        succeeds(vms.attachNic(id, new VmNic("network", "default", null, null), "alice"));
        succeeds(vms.act(id, "start", null, "alice"));
        refused(ErrorCode.UNSUPPORTED, () -> vms.attachNic(id, new VmNic("network", "default", null, null), "alice"));
        // A name the hypervisor has but the inventory does not know yet: refused by the host, nothing recorded.
        bed.driver.host("mem://a").missEvents = true;
        bed.driver.host("mem://a").defineOutside("ghost", 1, 256, org.strata.spi.hypervisor.VmInfo.PowerState.STOPPED);
        long vmsBefore = vms.vms(null, PageRequest.first()).total();
        Task clash = bed.await(vms.create(h1.id(), VmSpec.of("ghost", 1, 256), "alice"));
        assertEquals(ErrorCode.CONFLICT, clash.errorCode());
        assertEquals(vmsBefore, vms.vms(null, PageRequest.first()).total());
        refused(
                ErrorCode.INVALID_INPUT,
                () -> vms.create(
                        h1.id(),
                        new VmSpec(
                                "pci",
                                1,
                                512,
                                "hvm",
                                List.of(),
                                List.of(),
                                List.of("bogus"),
                                List.of(),
                                null,
                                false,
                                null),
                        "alice"));
    }

    /** Formats, buses and NIC models are the host's driver's to say: core names none, and says what it takes. */
    @Test
    public void devicesAreHeldToTheVocabularyOfTheHostsDriver() throws Exception {
        bed.drivers.register(
                new InMemoryHypervisorForTests(
                        "narrow",
                        InMemoryHypervisorForTests.ALL,
                        Vocabulary.ANY
                                .withDiskFormats("raw", "qcow2")
                                .withDiskBuses("virtio", "sata")
                                .withNicModels("virtio", "e1000")),
                "narrow.bundle",
                9L);
        Host narrow = bed.inventory.addHost(
                new HostSpec("narrow1", bed.dc.id(), null, "narrow", "mem://n", null, null), "alice");
        VmSpec onXenBus = new VmSpec(
                "xb",
                1,
                256,
                null,
                List.of(new VmDisk(null, "/img", null, "XEN", null, false)),
                List.of(),
                List.of(),
                List.of(),
                null,
                false,
                null);
        StrataException e = assertThrows(StrataException.class, () -> vms.create(narrow.id(), onXenBus, "alice"));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertEquals(
                "host 'narrow1' (driver 'narrow') does not take disks[0].bus 'xen': its disk buses are "
                        + "virtio, sata",
                e.getMessage());
        refused(
                ErrorCode.INVALID_INPUT,
                () -> vms.create(
                        narrow.id(),
                        new VmSpec(
                                "f",
                                1,
                                256,
                                null,
                                List.of(new VmDisk(null, "/img", "vdi", null, null, false)),
                                List.of(),
                                List.of(),
                                List.of(),
                                null,
                                false,
                                null),
                        "alice"));
        refused(
                ErrorCode.INVALID_INPUT,
                () -> vms.create(
                        narrow.id(),
                        new VmSpec(
                                "m",
                                1,
                                256,
                                null,
                                List.of(),
                                List.of(new VmNic(null, "default", null, "ne2k")),
                                List.of(),
                                List.of(),
                                null,
                                false,
                                null),
                        "alice"));
        // The generic check still refuses what no driver could take.
        refused(
                ErrorCode.INVALID_INPUT,
                () -> vms.create(
                        h1.id(),
                        new VmSpec(
                                "w",
                                1,
                                256,
                                null,
                                List.of(new VmDisk(null, "/img", "qc ow", null, null, false)),
                                List.of(),
                                List.of(),
                                List.of(),
                                null,
                                false,
                                null),
                        "alice"));
        refused(
                ErrorCode.INVALID_INPUT,
                () -> vms.create(
                        h1.id(),
                        new VmSpec(
                                "b",
                                1,
                                256,
                                null,
                                List.of(new VmDisk(null, "/img", null, "usb", null, false)),
                                List.of(),
                                List.of(),
                                List.of(),
                                null,
                                false,
                                null),
                        "alice"));

        // The defaults (a raw disk on virtio, a virtio card) are in its lists; a driver that restricts nothing takes
        // any word, the xen bus and vdi disks included.
        String id = create(
                narrow,
                new VmSpec(
                        "ok",
                        1,
                        256,
                        null,
                        List.of(new VmDisk(null, "/img", null, null, null, false)),
                        List.of(new VmNic(null, "default", null, null)),
                        List.of(),
                        List.of(),
                        null,
                        false,
                        null));
        refused(
                ErrorCode.INVALID_INPUT,
                () -> vms.attachDisk(id, new VmDisk(null, "/b", "vmdk", null, null, false), "alice"));
        refused(ErrorCode.INVALID_INPUT, () -> vms.attachNic(id, new VmNic(null, "default", null, "rtl8139"), "alice"));
        succeeds(vms.attachNic(id, new VmNic(null, "default", null, "E1000"), "alice"));
        create(
                h1,
                new VmSpec(
                        "any",
                        1,
                        256,
                        null,
                        List.of(new VmDisk(null, "/img", "vdi", "xen", null, false)),
                        List.of(new VmNic(null, "default", null, "ne2k")),
                        List.of(),
                        List.of(),
                        null,
                        false,
                        null));
    }

    @Test
    public void migrationMovesTheVmAndItsRecord() throws Exception {
        String id = create(h1, webSpec());
        refused(ErrorCode.CONFLICT, () -> vms.migrate(id, h2.id(), "alice"));
        succeeds(vms.act(id, "start", null, "alice"));
        refused(ErrorCode.INVALID_INPUT, () -> vms.migrate(id, h1.id(), "alice"));
        refused(ErrorCode.INVALID_INPUT, () -> vms.migrate(id, "no-such-host", "alice"));
        bed.drivers.register(new InMemoryHypervisorForTests("other", InMemoryHypervisorForTests.ALL), "o", 9L);
        Host foreign =
                bed.inventory.addHost(new HostSpec("x", bed.dc.id(), null, "other", "mem://x", null, null), "alice");
        refused(ErrorCode.INVALID_INPUT, () -> vms.migrate(id, foreign.id(), "alice"));

        Task moved = bed.await(vms.migrate(id, h2.id(), "alice"));
        assertEquals(moved.errorMessage(), TaskState.SUCCEEDED, moved.state());
        assertEquals(id, moved.result());
        VirtualMachine vm = vms.vm(id);
        assertEquals(h2.id(), vm.hostId());
        assertEquals(VmState.RUNNING, vm.state());
        assertFalse(bed.driver.host("mem://a").has(id));
        assertTrue(bed.driver.host("mem://b").has(id));
        // The source's UNDEFINED event came while the migration ran: it must not have removed the VM.
        bed.synchronizer.awaitQueued();
        assertEquals(h2.id(), vms.vm(id).hostId());
        HistoryEntry last =
                bed.repository.history("vm", id, PageRequest.first()).items().get(0);
        assertTrue(last.after(), last.after().contains("\"hostId\":\"" + h2.id() + "\""));
        assertTrue(bed.events.events(id, PageRequest.first()).items().stream()
                .anyMatch(e -> e.type().equals("VM_MIGRATED")));

        // A target that lacks migration is refused before any task.
        bed.driver.host("mem://d").unavailable.add(Capability.LIVE_MIGRATION);
        Host noMigration = bed.addHost("h4", "mem://d");
        bed.inventory.virtualMachines(noMigration.id());
        refused(ErrorCode.UNSUPPORTED, () -> vms.migrate(id, noMigration.id(), "alice"));
    }

    /**
     * A destination is held to its driver's vocabulary before any driver call: a VM recorded with disks or NICs the
     * driver does not take (defined with virsh, or before the driver's vocabulary narrowed) is refused, with all of
     * them named.
     */
    @Test
    public void aMigrationDestinationMustTakeTheVmsDisksAndNics() throws Exception {
        InMemoryHypervisorForTests narrow = new InMemoryHypervisorForTests(
                "narrow",
                InMemoryHypervisorForTests.ALL,
                Vocabulary.ANY
                        .withDiskFormats("raw", "qcow2")
                        .withDiskBuses("virtio", "sata")
                        .withNicModels("virtio", "e1000"));
        bed.drivers.register(narrow, "narrow.bundle", 9L);
        Host from = bed.inventory.addHost(
                new HostSpec("narrow1", bed.dc.id(), null, "narrow", "mem://n1", null, null), "alice");
        Host to = bed.inventory.addHost(
                new HostSpec("narrow2", bed.dc.id(), null, "narrow", "mem://n2", null, null), "alice");
        bed.synchronizer.awaitQueued();
        VmSpec recorded = new VmSpec(
                "legacy",
                1,
                256,
                null,
                List.of(
                        new VmDisk(null, "/img/a", "qcow2", "virtio", "vda", false),
                        new VmDisk(null, "/img/b", "vdi", "xen", "xvdb", false)),
                List.of(new VmNic("network", "default", "52:54:00:00:00:01", "ne2k")),
                List.of(),
                List.of(),
                null,
                false,
                null);
        String id = java.util.UUID.randomUUID().toString();
        bed.repository.createVm(id, from.id(), id, recorded, VmState.RUNNING, true, "alice");
        int opens = narrow.opens.get();
        long tasksBefore = tasks();

        StrataException e = assertThrows(StrataException.class, () -> vms.migrate(id, to.id(), "alice"));
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertEquals(
                "host 'narrow2' (driver 'narrow') cannot receive VM 'legacy': it does not take"
                        + " disks[1].format 'vdi' (its disk formats are raw, qcow2); disks[1].bus 'xen' (its disk buses are"
                        + " virtio, sata); nics[0].model 'ne2k' (its network card models are virtio, e1000)",
                e.getMessage());
        assertEquals("no driver was asked", opens, narrow.opens.get());
        assertEquals(tasksBefore, tasks());
        assertEquals(from.id(), vms.vm(id).hostId());
    }

    @Test
    public void aMigrationReportsProgressAndCanBeCancelled() throws Exception {
        String id = create(h1, webSpec());
        succeeds(vms.act(id, "start", null, "alice"));
        bed.driver.host("mem://a").slowMigration = true;
        Task migrating = vms.migrate(id, h2.id(), "alice");
        assertTrue(CoreTestbed.eventually(
                () -> "starting".equals(bed.tasks.task(migrating.id()).message())));
        assertEquals(10, bed.tasks.task(migrating.id()).progress());
        bed.tasks.cancel(migrating.id(), "bob");
        Task cancelled = bed.await(migrating);
        assertEquals(TaskState.CANCELLED, cancelled.state());
        assertEquals(h1.id(), vms.vm(id).hostId());
        assertTrue(bed.driver.host("mem://a").has(id));
        assertNull(vms.vm(id).spec().resources());
    }
}
