package org.strata.core.inventory;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.HostState;
import org.strata.api.task.Task;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.core.CoreTestbed;
import org.strata.core.InMemoryBmcForTests;
import org.strata.core.InMemoryHypervisorForTests;
import org.strata.core.InMemoryStorageForTests;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.events.EventLog;
import org.strata.core.tasks.TaskManager;
import org.strata.repository.MachineIdentity;
import org.strata.repository.StoredHost;
import org.strata.repository.jdbc.JdbcConfigRepository;
import org.strata.spi.Capability;
import org.strata.spi.Vocabulary;
import org.strata.spi.hypervisor.VmInfo;

public class InventoryManagerTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private CoreTestbed bed;
    private JdbcConfigRepository repository;
    private TaskManager tasks;
    private DriverRegistry drivers;
    private EventLog events;
    private InventoryManager inventory;
    private InMemoryHypervisorForTests driver;
    private Datacenter dc;

    @Before
    public void open() {
        bed = new CoreTestbed(folder.getRoot().toPath().resolve("key"));
        repository = bed.repository;
        events = bed.events;
        drivers = bed.drivers;
        tasks = bed.tasks;
        inventory = bed.inventory;
        driver = bed.driver;
        dc = bed.dc;
        // One VM defined behind Strata's back before the host is added.
        driver.host("mem://1").defineOutside("web", 2, 1024, VmInfo.PowerState.STOPPED);
    }

    @After
    public void close() {
        bed.close();
    }

    @Test
    public void invalidSpecsAreRefusedBeforeAnythingIsWritten() {
        long history = repository.history(null, null, PageRequest.first()).total();
        for (DatacenterSpec bad : new DatacenterSpec[] {
            null,
            new DatacenterSpec("", null),
            new DatacenterSpec("   ", null),
            new DatacenterSpec("x".repeat(201), null),
            new DatacenterSpec("-starts-with-dash", null),
            new DatacenterSpec("tab\there", null)
        }) {
            StrataException e = assertThrows(StrataException.class, () -> inventory.createDatacenter(bad, "alice"));
            assertEquals(ErrorCode.INVALID_INPUT, e.code());
        }
        StrataException noDriver = assertThrows(
                StrataException.class,
                () -> inventory.addHost(new HostSpec("h", dc.id(), null, "nope", "mem://1", null, null), "alice"));
        assertEquals(ErrorCode.INVALID_INPUT, noDriver.code());
        assertTrue(noDriver.getMessage().contains("memory"));
        assertEquals(
                history, repository.history(null, null, PageRequest.first()).total());
    }

    @Test
    public void passwordsReachTheDriverButNeverTheApi() {
        Host host =
                inventory.addHost(new HostSpec("h1", dc.id(), null, "memory", "mem://1", "root", "s3cret"), "alice");
        assertTrue(host.hasPassword());
        assertEquals(1, inventory.virtualMachines(host.id()).size());
        assertArrayEquals("s3cret".toCharArray(), driver.lastEndpoint.password().reveal());
        assertTrue(!driver.lastEndpoint.toString().contains("s3cret"));
        String history = repository
                .history("host", host.id(), PageRequest.first())
                .items()
                .toString();
        assertTrue(!history.contains("s3cret"));
    }

    @Test
    public void hostsFollowTheirDriverAndTheirLastContact() {
        Host host = inventory.addHost(new HostSpec("h1", dc.id(), null, "memory", "mem://1", null, null), "alice");
        Host far = inventory.addHost(
                new HostSpec("h2", dc.id(), null, "memory", "mem://unreachable", null, null), "alice");
        assertEquals(HostState.AVAILABLE, inventory.host(host.id()).state());

        StrataException unreachable = assertThrows(StrataException.class, () -> inventory.virtualMachines(far.id()));
        assertEquals(ErrorCode.UNREACHABLE, unreachable.code());
        assertEquals(HostState.UNREACHABLE, inventory.host(far.id()).state());

        drivers.unregister(7L);
        Host gone = inventory.host(host.id());
        assertEquals(HostState.DRIVER_UNAVAILABLE, gone.state());
        StrataException fast = assertThrows(StrataException.class, () -> inventory.virtualMachines(host.id()));
        assertEquals(ErrorCode.DRIVER_UNAVAILABLE, fast.code());
        assertEquals(
                ErrorCode.DRIVER_UNAVAILABLE,
                assertThrows(
                                StrataException.class,
                                () -> inventory.powerVirtualMachine(host.id(), "vm-1", "start", "alice"))
                        .code());

        drivers.register(driver, "test.bundle", 8L);
        assertEquals(HostState.AVAILABLE, inventory.host(host.id()).state());
        assertEquals(2, inventory.hosts(dc.id(), PageRequest.first()).total());
        String eventLog = events.events("memory", PageRequest.first()).items().toString();
        assertTrue(eventLog, eventLog.contains("DRIVER_UNREGISTERED") && eventLog.contains("DRIVER_REGISTERED"));
    }

    @Test
    public void powerOperationsGoThroughTheVmServiceByEitherId() throws Exception {
        Host host = bed.addHost("h1", "mem://1");
        String hypervisorId = definedUnseen("mem://1", host);
        // Not in the inventory yet: found on the host, recorded, then started, all in one task on the host.
        Task start = inventory.powerVirtualMachine(host.id(), hypervisorId, "start", "alice");
        assertEquals("vm.start", start.operation());
        assertEquals("host", start.targetType());
        assertEquals(host.id(), start.targetId());
        Task done = tasks.await(start.id(), Duration.ofSeconds(30));
        assertEquals(TaskState.SUCCEEDED, done.state());
        String vmId = repository
                .vmByHypervisorId(host.id(), hypervisorId)
                .orElseThrow()
                .id();
        assertEquals("the first API's call answers with the new state", "RUNNING", done.result());
        assertEquals(VmState.RUNNING, repository.vm(vmId).orElseThrow().state());

        // The state machine applies: starting a running VM is refused before any task.
        assertEquals(
                ErrorCode.CONFLICT,
                assertThrows(
                                StrataException.class,
                                () -> inventory.powerVirtualMachine(host.id(), vmId, "start", "alice"))
                        .code());
        Task shutdown = tasks.await(
                inventory
                        .powerVirtualMachine(host.id(), vmId, "shutdown", "alice")
                        .id(),
                Duration.ofSeconds(30));
        assertEquals(TaskState.SUCCEEDED, shutdown.state());
        assertEquals("STOPPED", shutdown.result());
        assertEquals(VmState.STOPPED, repository.vm(vmId).orElseThrow().state());

        assertEquals(
                ErrorCode.INVALID_INPUT,
                assertThrows(
                                StrataException.class,
                                () -> inventory.powerVirtualMachine(host.id(), vmId, "explode", "alice"))
                        .code());
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(
                                StrataException.class,
                                () -> inventory.powerVirtualMachine("no-such-host", vmId, "start", "alice"))
                        .code());
        // A VM the inventory does not know is looked for in a task: the host may have it.
        Task missing = tasks.await(
                inventory
                        .powerVirtualMachine(host.id(), "no-such-vm", "start", "alice")
                        .id(),
                Duration.ofSeconds(30));
        assertEquals(TaskState.FAILED, missing.state());
        assertEquals(ErrorCode.NOT_FOUND, missing.errorCode());
    }

    @Test
    public void lookingForAnUnknownVmIsTheTasksWorkNotTheCallers() throws Exception {
        Host host = bed.addHost("h1", "mem://1");
        String hypervisorId = definedUnseen("mem://1", host);
        driver.host("mem://1").down = true;
        // The whole-host reconcile would fail here, on the caller's thread, if it ran there.
        Task start = inventory.powerVirtualMachine(host.id(), hypervisorId, "start", "alice");
        Task done = tasks.await(start.id(), Duration.ofSeconds(30));
        assertEquals(TaskState.FAILED, done.state());
        assertEquals(ErrorCode.UNREACHABLE, done.errorCode());
        assertTrue(repository.vmByHypervisorId(host.id(), hypervisorId).isEmpty());

        driver.host("mem://1").down = false;
        Task again = tasks.await(
                inventory
                        .powerVirtualMachine(host.id(), hypervisorId, "start", "alice")
                        .id(),
                Duration.ofSeconds(30));
        assertEquals(TaskState.SUCCEEDED, again.state());
        assertEquals("RUNNING", again.result());
        // Known now: the state machine answers at once, as on the VM service's own route.
        assertEquals(
                ErrorCode.CONFLICT,
                assertThrows(
                                StrataException.class,
                                () -> inventory.powerVirtualMachine(host.id(), hypervisorId, "start", "alice"))
                        .code());
    }

    /** A VM defined on the host behind Strata's back, its event lost: the inventory does not know it. */
    private String definedUnseen(String address, Host host) {
        driver.host(address).missEvents = true;
        String hypervisorId = driver.host(address).defineOutside("unseen", 1, 256, VmInfo.PowerState.STOPPED);
        driver.host(address).missEvents = false;
        assertTrue(repository.vmByHypervisorId(host.id(), hypervisorId).isEmpty());
        return hypervisorId;
    }

    @Test
    public void hostsCarryWhatTheyReportedAndCannotGoWhileTheyHoldStrataVms() throws Exception {
        // Adding a host contacts it at once, in the background; the testbed waits for that contact.
        Host host = bed.addHost("h1", "mem://1");
        Host seen = inventory.host(host.id());
        assertEquals(4, seen.info().cpus());
        assertEquals(8192, seen.info().memoryMb());
        assertEquals(1, seen.info().numaNodes().size());
        assertTrue(seen.info().capabilities().contains("LIVE_MIGRATION"));

        Task created = bed.await(bed.vms.create(host.id(), org.strata.api.vm.VmSpec.of("db", 1, 512), "alice"));
        assertEquals(TaskState.SUCCEEDED, created.state());
        assertEquals(
                ErrorCode.CONFLICT,
                assertThrows(StrataException.class, () -> inventory.removeHost(host.id(), "alice"))
                        .code());
        assertEquals(
                TaskState.SUCCEEDED,
                bed.await(bed.vms.delete(created.result(), "alice")).state());
        inventory.removeHost(host.id(), "alice");
        assertEquals(0, repository.vms(null, PageRequest.first()).total());
    }

    @Test
    public void refreshReportsWhatTheHostSays() throws Exception {
        Host host = inventory.addHost(new HostSpec("h1", dc.id(), null, "memory", "mem://1", null, null), "alice");
        Task done = tasks.await(inventory.refreshHost(host.id(), "alice").id(), Duration.ofSeconds(30));
        assertEquals(TaskState.SUCCEEDED, done.state());
        // Adding the host queued a reconcile, so whether the refresh or that reconcile found the VM, it is there.
        assertTrue(
                done.result(), done.result().contains("4 CPUs") && done.result().contains("1 VMs"));
        assertEquals(1, repository.vms(host.id(), PageRequest.first()).total());
    }

    @Test
    public void aHostNamesABareMetalMachineAsItsBmc() {
        drivers.register(new InMemoryBmcForTests("membmc", EnumSet.noneOf(Capability.class)), "bmc.bundle", 40L);
        StoredHost machine = machine("rack-1", "membmc", "127.0.0.1:9001", "guid-1");
        StoredHost spare = machine("rack-2", "membmc", "127.0.0.1:9002", "guid-2");

        Host host = inventory.addHost(hostSpec("h1", machine.id()), "alice");
        assertEquals(machine.id(), host.bmcHostId());
        assertEquals(machine.id(), inventory.host(host.id()).bmcHostId());

        Host moved = inventory.updateHost(host.id(), hostSpec("h1", spare.id()), "bob");
        assertEquals(spare.id(), moved.bmcHostId());
        StrataException inUse = assertThrows(StrataException.class, () -> inventory.removeHost(spare.id(), "bob"));
        assertEquals(ErrorCode.CONFLICT, inUse.code());
        assertTrue(inUse.getMessage(), inUse.getMessage().contains("'h1'"));

        Host cleared = inventory.updateHost(host.id(), hostSpec("h1", null), "bob");
        assertNull(cleared.bmcHostId());
        assertNull(repository.host(host.id()).orElseThrow().bmcHostId());
        inventory.removeHost(spare.id(), "bob");
    }

    @Test
    public void aBmcMustBeAnotherExistingBareMetalMachine() {
        drivers.register(new InMemoryBmcForTests("membmc", EnumSet.noneOf(Capability.class)), "bmc.bundle", 40L);
        StoredHost machine = machine("rack-1", "membmc", "127.0.0.1:9001", "guid-1");
        StoredHost other = machine("rack-2", "membmc", "127.0.0.1:9002", "guid-2");
        Host hypervisor = inventory.addHost(hostSpec("h1", null), "alice");

        assertInvalid(
                "BMC host 'no-such-host' does not exist",
                () -> inventory.addHost(hostSpec("h2", "no-such-host"), "alice"));
        assertInvalid(
                "host 'h1' is not a bare-metal machine",
                () -> inventory.addHost(hostSpec("h2", hypervisor.id()), "alice"));
        assertInvalid(
                "a host cannot be its own BMC",
                () -> inventory.updateHost(hypervisor.id(), hostSpec("h1", hypervisor.id()), "alice"));
        assertInvalid("bmcHostId is not a valid id: 'a b'", () -> inventory.addHost(hostSpec("h2", "a b"), "alice"));
        // A machine has its own BMC and names no other.
        assertInvalid(
                "host 'rack-1' is a bare-metal machine (kind MACHINE, driver 'membmc') and cannot" + " name a BMC",
                () -> inventory.updateHost(
                        machine.id(),
                        new HostSpec("rack-1", dc.id(), null, "membmc", "127.0.0.1:9001", "admin", null, other.id()),
                        "alice"));
        assertNull(repository.host(hypervisor.id()).orElseThrow().bmcHostId());
        assertNull(repository.host(machine.id()).orElseThrow().bmcHostId());
        assertEquals(3, repository.hosts(null, PageRequest.first()).total());
    }

    /** The at-once answers openapi.json lists for POST /hosts/{id}/refresh: 501, 503, 404. */
    @Test
    public void refreshingAHostThatIsNoHypervisorIsUnsupportedAtOnce() {
        drivers.register(new InMemoryBmcForTests("membmc", EnumSet.noneOf(Capability.class)), "bmc.bundle", 40L);
        StoredHost machine = machine("rack-1", "membmc", "127.0.0.1:9001", "guid-1");
        StoredHost orphan =
                repository.createHost(new HostSpec("orphan", dc.id(), null, "gone", "mem://9", null, null), "alice");
        long tasksBefore = tasks.tasks(null, PageRequest.first()).total();
        assertEquals(
                ErrorCode.UNSUPPORTED,
                assertThrows(StrataException.class, () -> inventory.refreshHost(machine.id(), "alice"))
                        .code());
        assertEquals(
                ErrorCode.DRIVER_UNAVAILABLE,
                assertThrows(StrataException.class, () -> inventory.refreshHost(orphan.id(), "alice"))
                        .code());
        assertEquals(
                ErrorCode.NOT_FOUND,
                assertThrows(StrataException.class, () -> inventory.refreshHost("no-such-host", "alice"))
                        .code());
        assertEquals(tasksBefore, tasks.tasks(null, PageRequest.first()).total());
    }

    /**
     * Asking a host for what its kind has not (VMs of a storage host or of a machine) is refused by the kind stored
     * with the host: with its driver away the answer is the one given with it running, not DRIVER_UNAVAILABLE.
     */
    @Test
    public void operationsOfTheWrongKindGetTheSameRefusalWhileTheDriverIsAway() {
        drivers.register(new InMemoryStorageForTests(EnumSet.noneOf(Capability.class)), "storage.bundle", 60L);
        drivers.register(new InMemoryBmcForTests("membmc", EnumSet.noneOf(Capability.class)), "bmc.bundle", 40L);
        Host nas = inventory.addHost(new HostSpec("nas", dc.id(), null, "memstore", "store://1", null, null), "alice");
        StoredHost rack = machine("rack-1", "membmc", "127.0.0.1:9001", "guid-1");
        long tasksBefore = tasks.tasks(null, PageRequest.first()).total();

        List<StrataException> present = wrongKindAnswers(nas.id(), rack.id());
        drivers.unregister(60L);
        drivers.unregister(40L);
        assertEquals(HostState.DRIVER_UNAVAILABLE, inventory.host(nas.id()).state());
        List<StrataException> away = wrongKindAnswers(nas.id(), rack.id());

        for (int i = 0; i < present.size(); i++) {
            assertEquals(
                    present.get(i).getMessage(),
                    ErrorCode.UNSUPPORTED,
                    present.get(i).code());
            assertEquals(
                    away.get(i).getMessage(), ErrorCode.UNSUPPORTED, away.get(i).code());
            assertEquals(present.get(i).getMessage(), away.get(i).getMessage());
        }
        assertEquals(
                "host 'nas' is a storage host (kind STORAGE, driver 'memstore'), not a hypervisor host: it cannot"
                        + " be managed that way",
                away.get(0).getMessage());
        assertEquals(
                "host 'rack-1' is a bare-metal machine (kind MACHINE, driver 'membmc'), not a hypervisor host: it"
                        + " cannot be managed that way",
                away.get(4).getMessage());
        assertEquals(tasksBefore, tasks.tasks(null, PageRequest.first()).total());
        // A host of the right kind whose driver is away is still only unavailable.
        Host kvm = inventory.addHost(
                new HostSpec("kvm", dc.id(), null, "gone", "mem://9", null, null, null, HostKind.HYPERVISOR), "alice");
        assertEquals(
                ErrorCode.DRIVER_UNAVAILABLE,
                assertThrows(StrataException.class, () -> inventory.virtualMachines(kvm.id()))
                        .code());
    }

    /**
     * A host's credentials are held to its driver's vocabulary when it is added or changed, while the driver runs; a
     * driver that is away cannot say, and the host is accepted as given.
     */
    @Test
    public void credentialsTheDriverCannotCarryAreRefusedOnAddAndChange() {
        drivers.register(
                new InMemoryBmcForTests(
                        "narrowbmc",
                        EnumSet.noneOf(Capability.class),
                        Vocabulary.ANY.withMaxUserNameLength(16).withMaxPasswordLength(20)),
                "bmc.bundle",
                42L);
        long history = repository.history(null, null, PageRequest.first()).total();
        assertInvalid(
                "host 'rack-1' (driver 'narrowbmc') does not take username: its user names have at most 16"
                        + " characters, this one has 17",
                () -> inventory.addHost(bmcSpec("rack-1", "a".repeat(17), "pw"), "alice"));
        assertInvalid(
                "host 'rack-1' (driver 'narrowbmc') does not take password: its passwords have at most 20 bytes",
                () -> inventory.addHost(bmcSpec("rack-1", "admin", "\u00e9".repeat(11)), "alice"));
        assertEquals(
                history, repository.history(null, null, PageRequest.first()).total());

        Host rack = inventory.addHost(bmcSpec("rack-1", "a".repeat(16), "p".repeat(20)), "alice");
        assertInvalid(
                "host 'rack-1b' (driver 'narrowbmc') does not take username: its user names have at most 16"
                        + " characters, this one has 20",
                () -> inventory.updateHost(rack.id(), bmcSpec("rack-1b", "b".repeat(20), null), "alice"));
        assertEquals("rack-1", inventory.host(rack.id()).name());
        assertEquals(
                "a change within the limits is taken",
                "rack-1c",
                inventory
                        .updateHost(rack.id(), bmcSpec("rack-1c", "c".repeat(16), null), "alice")
                        .name());

        // With its driver away, nothing can say what it takes: accepted as given.
        drivers.unregister(42L);
        Host early = inventory.addHost(
                new HostSpec(
                        "rack-2",
                        dc.id(),
                        null,
                        "narrowbmc",
                        "127.0.0.1:9002",
                        "c".repeat(17),
                        "pw",
                        null,
                        HostKind.MACHINE),
                "alice");
        assertEquals(HostState.DRIVER_UNAVAILABLE, early.state());
        assertEquals("c".repeat(17), early.username());
    }

    private HostSpec bmcSpec(String name, String username, String password) {
        return new HostSpec(name, dc.id(), null, "narrowbmc", "127.0.0.1:9001", username, password);
    }

    /** VM list, legacy VM power, refresh and VM definition on each host, in that order. */
    private List<StrataException> wrongKindAnswers(String... hostIds) {
        VmSpec spec = VmSpec.of("web", 1, 256);
        List<StrataException> answers = new ArrayList<>();
        for (String id : hostIds) {
            answers.add(assertThrows(StrataException.class, () -> inventory.virtualMachines(id)));
            answers.add(assertThrows(
                    StrataException.class, () -> inventory.powerVirtualMachine(id, "vm-1", "start", "alice")));
            answers.add(assertThrows(StrataException.class, () -> inventory.refreshHost(id, "alice")));
            answers.add(assertThrows(StrataException.class, () -> bed.vms.create(id, spec, "alice")));
        }
        return answers;
    }

    @Test
    public void withItsDriverStoppedOnlyAKnownMachineIsAcceptedAsBmc() {
        // No "gone" driver runs: the machine row discovery wrote is what marks a machine.
        StoredHost machine = machine("rack-1", "gone", "127.0.0.1:9001", "guid-1");
        StoredHost unknown =
                repository.createHost(new HostSpec("mystery", dc.id(), null, "gone", "10.0.0.9", null, null), "alice");

        Host host = inventory.addHost(hostSpec("h1", machine.id()), "alice");
        assertEquals(machine.id(), host.bmcHostId());
        assertInvalid(
                "host 'mystery' is not a bare-metal machine",
                () -> inventory.updateHost(host.id(), hostSpec("h1", unknown.id()), "alice"));
        assertEquals(machine.id(), inventory.host(host.id()).bmcHostId());
    }

    @Test
    public void aHostTakesItsKindFromItsRunningDriver() {
        drivers.register(new InMemoryBmcForTests("membmc", EnumSet.noneOf(Capability.class)), "bmc.bundle", 40L);
        Host hypervisor = inventory.addHost(hostSpec("h1", null), "alice");
        assertEquals(HostKind.HYPERVISOR, hypervisor.kind());
        assertEquals(
                HostKind.HYPERVISOR,
                repository.host(hypervisor.id()).orElseThrow().kind());
        Host bmc = inventory.addHost(
                new HostSpec("bmc-1", dc.id(), null, "membmc", "127.0.0.1:9001", null, null, null, HostKind.MACHINE),
                "alice");
        assertEquals("the same kind as the driver's may be given", HostKind.MACHINE, bmc.kind());

        // Host entries only: the reconcile that adding h1 queued may record the VMs it finds there meanwhile.
        long history = repository.history("host", null, PageRequest.first()).total();
        assertInvalid(
                "kind STORAGE contradicts driver 'memory', which is a HYPERVISOR driver: its hosts are of kind"
                        + " HYPERVISOR (leave kind out to take the driver's)",
                () -> inventory.addHost(
                        new HostSpec("h2", dc.id(), null, "memory", "mem://2", null, null, null, HostKind.STORAGE),
                        "alice"));
        assertInvalid(
                "kind MACHINE contradicts driver 'memory', which is a HYPERVISOR driver: its hosts are of kind"
                        + " HYPERVISOR (leave kind out to take the driver's)",
                () -> inventory.updateHost(
                        hypervisor.id(),
                        new HostSpec("h1", dc.id(), null, "memory", "mem://1", null, null, null, HostKind.MACHINE),
                        "alice"));
        assertEquals(
                history, repository.history("host", null, PageRequest.first()).total());
        assertEquals(HostKind.HYPERVISOR, inventory.host(hypervisor.id()).kind());
    }

    @Test
    public void aHostWhoseDriverIsAwayNeedsItsKindAndKeepsIt() {
        long history = repository.history(null, null, PageRequest.first()).total();
        StrataException refused = assertThrows(
                StrataException.class,
                () -> inventory.addHost(
                        new HostSpec("s1", dc.id(), null, "vendor-array", "https://array.example/api", null, null),
                        "alice"));
        assertEquals(ErrorCode.INVALID_INPUT, refused.code());
        assertEquals(
                "no driver 'vendor-array' is running; running drivers: memory; to add a host before its driver"
                        + " runs, give its kind (HYPERVISOR, STORAGE or MACHINE)",
                refused.getMessage());
        assertEquals(
                history, repository.history(null, null, PageRequest.first()).total());

        Host storage = inventory.addHost(
                new HostSpec(
                        "s1",
                        dc.id(),
                        null,
                        "vendor-array",
                        "https://array.example/api",
                        null,
                        null,
                        null,
                        HostKind.STORAGE),
                "alice");
        assertEquals(HostKind.STORAGE, storage.kind());
        assertEquals(HostState.DRIVER_UNAVAILABLE, storage.state());
        // A change without a kind keeps the recorded one while the driver is still away.
        Host renamed = inventory.updateHost(
                storage.id(),
                new HostSpec("s1b", dc.id(), null, "vendor-array", "https://array.example/api", null, null),
                "alice");
        assertEquals(HostKind.STORAGE, renamed.kind());
        assertEquals(
                HostKind.STORAGE,
                inventory.hosts(null, PageRequest.first()).items().stream()
                        .filter(h -> h.id().equals(storage.id()))
                        .findFirst()
                        .orElseThrow()
                        .kind());
        // Moving it to another absent driver without saying what it is cannot be told.
        assertEquals(
                ErrorCode.INVALID_INPUT,
                assertThrows(
                                StrataException.class,
                                () -> inventory.updateHost(
                                        storage.id(),
                                        new HostSpec("s1b", dc.id(), null, "other-array", "x", null, null),
                                        "alice"))
                        .code());
    }

    @Test
    public void aHostRecordedWithAKindItsDriverDoesNotManageSaysSo() {
        Host host = inventory.addHost(
                new HostSpec("s1", dc.id(), null, "late", "mem://5", null, null, null, HostKind.STORAGE), "alice");
        assertEquals(HostState.DRIVER_UNAVAILABLE, host.state());
        drivers.register(new InMemoryHypervisorForTests("late", InMemoryHypervisorForTests.ALL), "late.bundle", 50L);
        Host read = inventory.host(host.id());
        assertEquals(HostKind.STORAGE, read.kind());
        assertEquals(HostState.DRIVER_UNAVAILABLE, read.state());
        assertEquals(
                "driver 'late' manages HYPERVISOR hosts, but this host is recorded as STORAGE: change its driver"
                        + " or remove it",
                read.stateReason());
    }

    @Test
    public void hostsOfUnknownKindGetTheirDriversKindWhenItRuns() throws Exception {
        StoredHost old =
                repository.createHost(new HostSpec("old", dc.id(), null, "later", "mem://7", null, null), "alice");
        StoredHost oldOfRunning =
                repository.createHost(new HostSpec("old2", dc.id(), null, "memory", "mem://8", null, null), "alice");
        assertNull(inventory.host(old.id()).kind());
        HostKindRecorder recorder = new HostKindRecorder(repository, drivers);
        try {
            assertEquals(
                    "a driver running already",
                    HostKind.HYPERVISOR,
                    inventory.host(oldOfRunning.id()).kind());
            assertNull(inventory.host(old.id()).kind());
            drivers.register(new InMemoryBmcForTests("later", EnumSet.noneOf(Capability.class)), "bmc.bundle", 41L);
            assertEquals(
                    "a driver that arrives",
                    HostKind.MACHINE,
                    inventory.host(old.id()).kind());
            drivers.unregister(41L);
            assertEquals(
                    "known while its driver is away",
                    HostKind.MACHINE,
                    inventory.host(old.id()).kind());
        } finally {
            recorder.stop();
        }
    }

    private StoredHost machine(String name, String driverId, String address, String guid) {
        return repository.createMachine(
                new HostSpec(name, dc.id(), null, driverId, address, "admin", "pw"),
                new MachineIdentity(guid, null, null, null),
                "alice");
    }

    private HostSpec hostSpec(String name, String bmcHostId) {
        return new HostSpec(name, dc.id(), null, "memory", "mem://1", null, null, bmcHostId);
    }

    private static void assertInvalid(String message, org.junit.function.ThrowingRunnable call) {
        StrataException e = assertThrows(StrataException.class, call);
        assertEquals(ErrorCode.INVALID_INPUT, e.code());
        assertEquals(message, e.getMessage());
    }
}
