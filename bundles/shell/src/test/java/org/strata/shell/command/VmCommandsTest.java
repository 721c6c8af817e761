package org.strata.shell.command;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.impl.action.command.DefaultActionPreparator;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.inventory.HostSpec;
import org.strata.api.storage.VolumeImport;
import org.strata.api.storage.VolumeSpec;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmSpec;
import org.strata.shell.ActionRunner;
import org.strata.shell.ActionRunner.Result;
import org.strata.shell.StrataAction;

/**
 * The VM, host, stats and storage commands, parsed by Karaf's own parser and run over the service doubles of
 * {@link ServicesForTests}: what they send to the API, what they print, and their one-line errors.
 */
public class VmCommandsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final ServicesForTests.VmServiceForTests vms = new ServicesForTests.VmServiceForTests();
    private final ServicesForTests.StorageServiceForTests storage = new ServicesForTests.StorageServiceForTests();
    private final ServicesForTests.InventoryServiceForTests inventory = new ServicesForTests.InventoryServiceForTests();
    private final ServicesForTests.TaskServiceForTests tasks = new ServicesForTests.TaskServiceForTests();
    private final ServicesForTests.GuestMonitoringForTests guests = new ServicesForTests.GuestMonitoringForTests();

    private static Session session() {
        return (Session) Proxy.newProxyInstance(
                Session.class.getClassLoader(),
                new Class<?>[] {Session.class},
                (proxy, method, args) -> method.getReturnType() == boolean.class ? Boolean.FALSE : null);
    }

    /** Parses the arguments into the command, gives it the doubles as Karaf would its services, and runs it. */
    private Result run(StrataAction action, Object... args) throws Exception {
        assertTrue(new DefaultActionPreparator().prepare(action, session(), List.of(args)));
        for (Class<?> c = action.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Reference.class)) {
                    f.setAccessible(true);
                    for (Object service : List.of(vms, storage, inventory, tasks, guests)) {
                        if (f.getType().isInstance(service)) {
                            f.set(action, service);
                        }
                    }
                }
            }
        }
        return ActionRunner.run(action);
    }

    private static void ok(Result result) {
        assertNull(result.out() + result.failure(), result.failure());
    }

    @Test
    public void vmListShowsTheInventoryOrWhatAHostReportsLive() throws Exception {
        Result all = run(new VmList());
        ok(all);
        assertTrue(
                all.out(),
                all.out().contains("vm-1")
                        && all.out().contains("web")
                        && all.out().contains("RUNNING"));
        assertTrue(all.out().contains("Showing 1-1 of 1"));
        assertTrue(run(new VmList(), "--host", "h-2").out().contains("Showing 0 of 0"));
        Result live = run(new VmList(), "h-1");
        assertTrue(live.out(), live.out().contains("live-7") && live.out().contains("found-by-driver"));
        assertEquals(
                "INVALID_INPUT: give either --host (the inventory) or a host argument (live), not both",
                run(new VmList(), "--host", "h-1", "h-1").failure());
    }

    @Test
    public void listsShowTheObjectsTheyReferToByNameAndByIdWithIds() throws Exception {
        Result hosts = run(new HostList());
        ok(hosts);
        assertTrue(hosts.out(), hosts.out().contains("Paris") && hosts.out().contains("tenants"));
        assertFalse(hosts.out(), hosts.out().contains("dc-1") || hosts.out().contains("p-1"));
        Result hostIds = run(new HostList(), "--ids");
        assertTrue(
                hostIds.out(), hostIds.out().contains("dc-1") && hostIds.out().contains("p-1"));
        assertFalse(
                hostIds.out(), hostIds.out().contains("Paris") || hostIds.out().contains("tenants"));

        Result pools = run(new PoolList());
        ok(pools);
        String lab =
                pools.out().lines().filter(l -> l.contains("p-2")).findFirst().orElseThrow();
        assertTrue(lab, lab.contains("Paris") && lab.contains("tenants"));
        String orphans =
                pools.out().lines().filter(l -> l.contains("p-3")).findFirst().orElseThrow();
        assertTrue("a parent that cannot be read is shown by id: " + orphans, orphans.contains("p-gone"));
        assertTrue(run(new PoolList(), "--ids")
                .out()
                .lines()
                .filter(l -> l.contains("p-2"))
                .findFirst()
                .orElseThrow()
                .contains("dc-1"));

        Result vmList = run(new VmList());
        String web =
                vmList.out().lines().filter(l -> l.contains("vm-1")).findFirst().orElseThrow();
        assertTrue(web, web.contains("kvm1") && !web.contains("h-1"));
        assertTrue(run(new VmList(), "--ids")
                .out()
                .lines()
                .filter(l -> l.contains("vm-1"))
                .findFirst()
                .orElseThrow()
                .contains("h-1"));

        Result tasksListed = run(new TaskList());
        ok(tasksListed);
        assertTrue(
                tasksListed.out(),
                tasksListed.out().contains("vm:web")
                        && tasksListed.out().contains("host:kvm1")
                        && tasksListed.out().contains("vm:vm-gone"));
        assertTrue(run(new HostInfoCommand(), "h-1").out().contains("Paris (dc-1)"));
        assertTrue(run(new VmInfoCommand(), "vm-1").out().contains("kvm1 (h-1)"));

        Result taskIds = run(new TaskList(), "--ids");
        assertTrue(
                taskIds.out(),
                taskIds.out().contains("vm:vm-1") && taskIds.out().contains("host:h-1"));
    }

    @Test
    public void theOlderFormsWorkWithoutTheVmService() throws Exception {
        VmPoweroff off = new VmPoweroff();
        assertTrue(new DefaultActionPreparator().prepare(off, session(), List.of("h-1", "live-7")));
        off.inventory = inventory;
        off.taskService = tasks;
        ok(ActionRunner.run(off));
        assertEquals(List.of("h-1", "live-7", "poweroff"), inventory.calls.get(0));
        VmList list = new VmList();
        assertTrue(new DefaultActionPreparator().prepare(list, session(), List.of("h-1")));
        list.inventory = inventory;
        assertTrue(ActionRunner.run(list).out().contains("live-7"));
        VmReboot reboot = new VmReboot();
        assertTrue(new DefaultActionPreparator().prepare(reboot, session(), List.of("vm-1")));
        assertEquals(
                "DRIVER_UNAVAILABLE: the VM service is not running",
                ActionRunner.run(reboot).failure());
    }

    @Test
    public void vmInfoShowsDevicesAndResources() throws Exception {
        Result info = run(new VmInfoCommand(), "vm-1");
        ok(info);
        for (String expected : List.of(
                "uuid-1",
                "vda disk /v/web.qcow2 (qcow2, virtio)",
                "52:54:00:00:00:01 network default (virtio)",
                "vnc 127.0.0.1:auto",
                "CPU shares 2048",
                "memory limit 4096 MB",
                "2024-05-01T10:00:00Z")) {
            assertTrue(expected + " in " + info.out(), info.out().contains(expected));
        }
        assertEquals(
                "NOT_FOUND: VM 'nope' does not exist",
                run(new VmInfoCommand(), "nope").failure());
    }

    @Test
    public void vmCreateWithAnyAsTheHostLeavesTheHostToPlacement() throws Exception {
        ok(run(new VmCreate(), "--pool", "p-1", "--cpus", "1", "--memory", "64", "any", "web3"));
        assertEquals("create", vms.last().get(0));
        assertNull("no host: placement chooses", vms.last().get(2));
    }

    @Test
    public void vmCreateBuildsTheSpecFromOptions() throws Exception {
        Result created = run(
                new VmCreate(),
                "--cpus",
                "2",
                "--memory",
                "1024",
                "--disk",
                "/v/a.qcow2,qcow2",
                "--disk",
                "/v/b.img",
                "--cdrom",
                "/iso/d.iso",
                "--network",
                "default",
                "--boot",
                "cdrom, disk",
                "--vnc",
                "--serial",
                "h-1",
                "web2");
        ok(created);
        assertEquals("Task task-create" + System.lineSeparator(), created.out());
        assertEquals("h-1", vms.last().get(2));
        VmSpec spec = (VmSpec) vms.last().get(3);
        assertEquals("web2", spec.name());
        assertEquals(
                List.of(
                        new VmDisk("disk", "/v/a.qcow2", "qcow2", null, null, false),
                        new VmDisk("disk", "/v/b.img", null, null, null, false),
                        new VmDisk("cdrom", "/iso/d.iso", "raw", null, null, true)),
                spec.disks());
        assertEquals(List.of(new VmNic("network", "default", null, null)), spec.nics());
        assertEquals(List.of("cdrom", "disk"), spec.bootOrder());
        assertEquals("vnc", spec.graphics().type());
        assertTrue(spec.serialConsole());

        assertEquals(
                "INVALID_INPUT: give the VM's name, --cpus and --memory, or --spec <file.json>",
                run(new VmCreate(), "--cpus", "2", "h-1", "x").failure());
        assertEquals(
                "INVALID_INPUT: --disk must be path or path,format, was '/v/a,'",
                run(new VmCreate(), "--cpus", "1", "--memory", "64", "--disk", "/v/a,", "h-1", "x")
                        .failure());
    }

    @Test
    public void vmCreateReadsAWholeSpecFromJson() throws Exception {
        Path file = folder.newFile("vm.json").toPath();
        Files.writeString(
                file,
                "{\"name\":\"fromfile\",\"cpus\":4,\"memoryMb\":4096,\"guestMode\":\"pv\","
                        + "\"pciDevices\":[\"0000:03:00.0\"],\"resources\":{\"cpuShares\":100}}",
                StandardCharsets.UTF_8);
        ok(run(new VmCreate(), "--spec", file.toString(), "h-1"));
        VmSpec spec = (VmSpec) vms.last().get(3);
        assertEquals("fromfile", spec.name());
        assertEquals("pv", spec.guestMode());
        assertEquals(List.of("0000:03:00.0"), spec.pciDevices());
        assertEquals(Integer.valueOf(100), spec.resources().cpuShares());
        ok(run(new VmCreate(), "--spec", file.toString(), "h-1", "renamed"));
        assertEquals("renamed", ((VmSpec) vms.last().get(3)).name());

        Files.writeString(file, "{\"name\":\"x\",\"cpu\":4}", StandardCharsets.UTF_8);
        assertTrue(run(new VmCreate(), "--spec", file.toString(), "h-1")
                .failure()
                .startsWith("INVALID_INPUT: " + file + ": unknown field 'cpu' at line 1 column "));
        Files.writeString(file, "{\"name\":", StandardCharsets.UTF_8);
        assertTrue(run(new VmCreate(), "--spec", file.toString(), "h-1")
                .failure()
                .startsWith("INVALID_INPUT: " + file + ": not a valid VM spec"));
        assertEquals(
                "INVALID_INPUT: cannot read --spec file '/no/such.json'",
                run(new VmCreate(), "--spec", "/no/such.json", "h-1").failure());
        assertEquals(
                "INVALID_INPUT: --spec holds the whole VM; give no other VM options with it",
                run(new VmCreate(), "--spec", file.toString(), "--cpus", "2", "h-1")
                        .failure());
    }

    @Test
    public void lifecycleCommandsActOnAVmAndTheOlderHostScopedFormStillWorks() throws Exception {
        for (StrataAction action : List.of(
                new VmShutdown(), new VmReboot(), new VmSuspend(), new VmResume(), new VmPoweroff(), new VmDelete())) {
            Result result = run(action, "vm-1");
            ok(result);
            assertTrue(result.out(), result.out().startsWith("Task task-"));
        }
        assertEquals(
                java.util.Arrays.asList("poweroff", "vm-1", null).toString(),
                vms.calls.get(vms.calls.size() - 2).toString());
        ok(run(new VmShutdown(), "--timeout", "30", "vm-1"));
        assertEquals(30, vms.last().get(2));

        Result legacy = run(new VmStart(), "h-1", "live-7");
        ok(legacy);
        assertTrue("the older form shows the whole task", legacy.out().contains("power-start"));
        assertEquals(List.of("h-1", "live-7", "start"), inventory.calls.get(0));
        assertEquals(
                "INVALID_INPUT: vm-reboot takes one argument, the VM id",
                run(new VmReboot(), "h-1", "vm-1").failure());

        assertEquals(
                "CONFLICT: VM 'vm-1' is already running",
                run(new VmStart(), "vm-1").failure());
        assertEquals(
                "NOT_FOUND: VM 'nope' does not exist",
                run(new VmPoweroff(), "nope").failure());
    }

    @Test
    public void waitShowsTheOutcomeAndAFailedTaskFailsTheCommand() throws Exception {
        Result waited = run(new VmReboot(), "--wait", "vm-1");
        ok(waited);
        assertTrue(
                waited.out(), waited.out().contains("SUCCEEDED") && waited.out().contains("100%"));
        Result failed = run(new VmReboot(), "-w", "doomed");
        assertEquals("DRIVER_FAILURE: the hypervisor refused", failed.failure());
        assertTrue(failed.out().contains("FAILED"));
        int before = vms.calls.size();
        assertEquals(
                "INVALID_INPUT: --wait-timeout must be between 1 and 3600 seconds, was 0",
                run(new VmReboot(), "--wait", "--wait-timeout", "0", "vm-1").failure());
        assertEquals("nothing started", before, vms.calls.size());
    }

    @Test
    public void devicesResourcesAndMigration() throws Exception {
        ok(run(new VmDiskAttach(), "--format", "qcow2", "--target", "vdb", "vm-1", "/v/data.qcow2"));
        assertEquals(
                new VmDisk("disk", "/v/data.qcow2", "qcow2", null, "vdb", false),
                vms.last().get(2));
        ok(run(new VmDiskAttach(), "--cdrom", "vm-1", "/iso/x.iso"));
        assertEquals(
                new VmDisk("cdrom", "/iso/x.iso", null, null, null, true),
                vms.last().get(2));
        ok(run(new VmDiskDetach(), "vm-1", "vdb"));
        assertEquals(List.of("detach-disk", "vm-1", "vdb"), vms.last());
        ok(run(new VmNicAttach(), "--type", "bridge", "--model", "e1000", "vm-1", "br0"));
        assertEquals(new VmNic("bridge", "br0", null, "e1000"), vms.last().get(2));
        ok(run(new VmNicDetach(), "vm-1", "52:54:00:00:00:01"));
        assertEquals(List.of("detach-nic", "vm-1", "52:54:00:00:00:01"), vms.last());
        ok(run(new VmResourcesSet(), "--cpu-shares", "512", "--memory-reservation", "1024", "vm-1"));
        assertEquals(new VmResources(512, null, null, null, 1024L), vms.last().get(2));
        assertTrue(run(new VmResourcesSet(), "vm-1").failure().startsWith("INVALID_INPUT: give at least one of"));
        ok(run(new VmMigrate(), "vm-1", "h-2"));
        assertEquals(List.of("migrate", "vm-1", "h-2"), vms.last());
    }

    @Test
    public void vmGuestShowsTheAgentsReportOrWhyNoAgentAnswers() throws Exception {
        Result none = run(new VmGuestCommand(), "vm-1");
        ok(none);
        assertEquals(
                "no guest agent answers: Guest agent is not responding: QEMU guest agent is not connected",
                none.out().strip());

        vms.guest = new VmGuest(
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
                List.of(
                        new VmGuest.GuestInterface(
                                "lo", "00:00:00:00:00:00", List.of(new VmGuest.GuestAddress("127.0.0.1", 8))),
                        new VmGuest.GuestInterface(
                                "ens3",
                                "52:54:00:12:34:56",
                                List.of(
                                        new VmGuest.GuestAddress("192.168.122.15", 24),
                                        new VmGuest.GuestAddress("fe80::5054:ff:fe12:3456", 64)))),
                new VmGuest.GuestTimezone("CET", 3600),
                List.of(new VmGuest.GuestUser("root", null, java.time.Instant.parse("2024-05-01T09:00:00Z"))),
                List.of(
                        new VmGuest.GuestFileSystem("/", "ext4", 20L << 30, 19L << 30, 95.0),
                        new VmGuest.GuestFileSystem("/srv", "xfs", 0, -1, -1)));
        Result guest = run(new VmGuestCommand(), "vm-1");
        ok(guest);
        String out = guest.out();
        assertTrue(out, out.lines().anyMatch(l -> l.matches("OS\\s+\\| Debian GNU/Linux 12 \\(bookworm\\)\\s*")));
        assertTrue(out, out.lines().anyMatch(l -> l.matches("Kernel\\s+\\| 6\\.1\\.0-28-amd64\\s*")));
        assertTrue(out, out.lines().anyMatch(l -> l.matches("Host name\\s+\\| web\\s*")));
        assertTrue(out, out.lines().anyMatch(l -> l.startsWith("Interface") && l.contains("Addresses")));
        String ens3 = out.lines().filter(l -> l.startsWith("ens3")).findFirst().orElseThrow();
        assertTrue(
                ens3,
                ens3.contains("52:54:00:12:34:56") && ens3.contains("192.168.122.15/24, fe80::5054:ff:fe12:3456/64"));
        assertTrue(out, out.lines().anyMatch(l -> l.matches("Time zone\\s+\\| CET \\(UTC\\+01:00\\)\\s*")));
        assertTrue(out, out.lines().anyMatch(l -> l.matches("Users\\s+\\| root since .*")));
        assertTrue(out, out.lines().anyMatch(l -> l.startsWith("Mount point") && l.contains("Use %")));
        String root = out.lines().filter(l -> l.startsWith("/ ")).findFirst().orElseThrow();
        assertTrue(root, root.matches("/\\s+\\| ext4\\s+\\|\\s+20\\.0 GiB \\|\\s+19\\.0 GiB \\|\\s+95\\.0%\\s*"));
        String srv = out.lines().filter(l -> l.startsWith("/srv")).findFirst().orElseThrow();
        assertTrue(srv, srv.matches("/srv\\s+\\| xfs\\s+\\|\\s+0 B \\|\\s+- \\|\\s+-\\s*"));
        assertEquals(List.of("guest", "vm-1"), vms.last());

        assertEquals(
                "NOT_FOUND: VM 'nope' does not exist",
                run(new VmGuestCommand(), "nope").failure());
    }

    @Test
    public void vmGuestSampleShowsTheLastSampleAndVmListFindsVmsByAGuestAddress() throws Exception {
        Result sample = run(new VmGuestSampleCommand(), "vm-1");
        ok(sample);
        String out = sample.out();
        assertTrue(out, out.lines().anyMatch(l -> l.matches("Agent\\s+\\| answers\\s*")));
        assertTrue(out, out.lines().anyMatch(l -> l.matches("Addresses\\s+\\| 192\\.168\\.122\\.15\\s*")));
        String root = out.lines().filter(l -> l.startsWith("/ ")).findFirst().orElseThrow();
        assertTrue(
                root,
                root.contains("ext4")
                        && root.contains("10.0")
                        && root.contains("93.0")
                        && root.contains("FULL")
                        && root.contains("90 93"));
        assertEquals(
                "not sampled: the VM is STOPPED: only running VMs' agents are asked",
                run(new VmGuestSampleCommand(), "vm-2").out().strip());

        Result found = run(new VmList(), "--address", "192.168.122.15");
        ok(found);
        assertTrue(found.out(), found.out().contains("vm-1") && found.out().contains("Showing 1-1 of 1"));
        assertTrue(run(new VmList(), "--address", "192.168.122.15", "--host", "h-2")
                .out()
                .contains("Showing 0 of 0"));
        assertTrue(run(new VmList(), "--address", "10.9.9.9").out().contains("Showing 0 of 0"));
    }

    @Test
    public void consolesAndStats() throws Exception {
        Result consoles = run(new VmConsoles(), "vm-1");
        assertTrue(
                consoles.out(),
                consoles.out().contains("127.0.0.1:5900") && consoles.out().contains("(VM is off)"));

        Instant before = Instant.now();
        Result stats = run(new VmStatsCommand(), "--since", "10m", "vm-1");
        ok(stats);
        assertTrue(stats.out(), stats.out().contains("12.3") && stats.out().contains("2048"));
        Instant from = (Instant) vms.last().get(2);
        assertTrue(
                from + " about 10 minutes ago",
                !from.isAfter(Instant.now().minusSeconds(600)) && !from.isBefore(before.minusSeconds(600)));
        ok(run(new VmStatsCommand(), "--since", "2024-05-01T09:00:00Z", "vm-1"));
        assertEquals(Instant.parse("2024-05-01T09:00:00Z"), vms.last().get(2));
        ok(run(new VmStatsCommand(), "vm-1"));
        assertNull(vms.last().get(2));
        assertTrue(run(new VmStatsCommand(), "--since", "yesterday", "vm-1")
                .failure()
                .startsWith("INVALID_INPUT: --since must be"));

        Result host = run(new HostStatsCommand(), "--since", "1h", "h-1");
        assertTrue(host.out(), host.out().contains("40.0") && host.out().contains("16000"));
        assertEquals("h-1", vms.last().get(1));

        Result info = run(new HostInfoCommand(), "h-1");
        assertTrue(
                info.out(),
                info.out().contains("QEMU 8.2.2")
                        && info.out().contains("NUMA node 0")
                        && info.out().contains("kvm, qemu"));
    }

    @Test
    public void hostAddSendsTheBmcAndTheHostDetailsShowIt() throws Exception {
        Result added = run(
                new HostAdd(),
                "--datacenter",
                "dc-1",
                "--driver",
                "kvm",
                "--address",
                "10.0.0.6",
                "--bmc",
                "bm-1",
                "web02");
        ok(added);
        HostSpec spec =
                (HostSpec) inventory.calls.get(inventory.calls.size() - 1).get(1);
        assertEquals("bm-1", spec.bmcHostId());
        assertEquals("web02", spec.name());
        assertTrue(added.out(), added.out().lines().anyMatch(l -> l.trim().startsWith("BMC") && l.contains("bm-1")));

        Result plain = run(new HostAdd(), "--datacenter", "dc-1", "--driver", "kvm", "--address", "10.0.0.7", "web03");
        ok(plain);
        assertNull(((HostSpec) inventory.calls.get(inventory.calls.size() - 1).get(1)).bmcHostId());
        Result info = run(new HostInfoCommand(), "h-1");
        assertTrue(info.out(), info.out().lines().anyMatch(l -> l.trim().startsWith("BMC")));
    }

    @Test
    public void hostAddSendsTheKindAndHostListShowsIt() throws Exception {
        Result added = run(
                new HostAdd(),
                "--datacenter",
                "dc-1",
                "--driver",
                "vendor-array",
                "--address",
                "https://array.example/api",
                "--kind",
                "storage",
                "array-1");
        ok(added);
        HostSpec spec =
                (HostSpec) inventory.calls.get(inventory.calls.size() - 1).get(1);
        assertEquals(org.strata.api.inventory.HostKind.STORAGE, spec.kind());
        assertTrue(
                added.out(), added.out().lines().anyMatch(l -> l.trim().startsWith("Kind") && l.contains("STORAGE")));
        assertEquals(
                "INVALID_INPUT: unknown host kind 'toaster', use one of HYPERVISOR, STORAGE, MACHINE",
                run(new HostAdd(), "--datacenter", "dc-1", "--driver", "x", "--address", "y", "--kind", "toaster", "h")
                        .failure());

        Result list = run(new HostList());
        ok(list);
        assertTrue(list.out(), list.out().lines().findFirst().orElse("").contains("Kind"));
    }

    @Test
    public void storageCommands() throws Exception {
        Result pools = run(new StoragePoolList(), "st-1");
        assertTrue(pools.out(), pools.out().indexOf("archive") < pools.out().indexOf("default"));
        assertTrue(pools.out(), pools.out().contains("100.0 GiB") && pools.out().contains("25.0 GiB"));
        assertTrue(
                "3 volumes promised 150 GiB of a 100 GiB pool: " + pools.out(),
                pools.out()
                        .lines()
                        .anyMatch(l -> l.contains("default") && l.contains("150.0 GiB") && l.contains("1.50")));
        assertTrue(
                "sizes the backend does not say show as '-': " + pools.out(),
                pools.out().lines().anyMatch(l -> l.contains("archive") && l.contains("-")));
        assertEquals(
                "UNSUPPORTED: host 'h-1' is not a storage host",
                run(new StoragePoolList(), "h-1").failure());
        Result volumes = run(new VolumeList(), "st-1", "default");
        assertTrue(
                volumes.out(),
                volumes.out().contains("disk1.qcow2")
                        && volumes.out().contains("1024")
                        && volumes.out().contains("/pool/disk1.qcow2"));
        assertTrue(run(new VolumeInfoCommand(), "st-1", "default", "disk1.qcow2")
                .out()
                .contains("default/disk1.qcow2"));
        assertEquals(
                "NOT_FOUND: volume 'default/x' does not exist",
                run(new VolumeInfoCommand(), "st-1", "default", "x").failure());

        Result created = run(new VolumeCreate(), "--size", "2048", "st-1", "default", "d2");
        assertEquals("Task task-create-volume" + System.lineSeparator(), created.out());
        assertEquals(new VolumeSpec("default", "d2", 2048, null), storage.last().get(2));
        ok(run(new VolumeClone(), "--wait", "st-1", "default", "disk1.qcow2", "copy"));
        assertEquals(List.of("clone-volume", "default/copy", "disk1.qcow2"), storage.last());
        ok(run(new VolumeResize(), "st-1", "default", "disk1.qcow2", "4096"));
        assertEquals(4096L, storage.last().get(2));
        ok(run(new VolumeDelete(), "st-1", "default", "disk1.qcow2"));
        assertEquals(List.of("delete-volume", "default/disk1.qcow2"), storage.last());
        ok(run(new VolumeImportCommand(), "--source-format", "vmdk", "st-1", "default", "w2k", "/import/w2k.vmdk"));
        assertEquals(
                new VolumeImport("default", "w2k", "/import/w2k.vmdk", "vmdk", null),
                storage.last().get(2));
    }
}
