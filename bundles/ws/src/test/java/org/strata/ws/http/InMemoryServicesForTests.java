package org.strata.ws.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.driver.DriverInfo;
import org.strata.api.driver.DriverService;
import org.strata.api.event.Event;
import org.strata.api.event.EventService;
import org.strata.api.hardware.DiscoveryRequest;
import org.strata.api.hardware.FruRecord;
import org.strata.api.hardware.HardwareInventory;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.MachinePower;
import org.strata.api.hardware.PowerStatesRequest;
import org.strata.api.hardware.SelRecord;
import org.strata.api.hardware.Sensor;
import org.strata.api.hardware.SensorSample;
import org.strata.api.history.HistoryEntry;
import org.strata.api.history.HistoryService;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.HostState;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.monitor.HostSample;
import org.strata.api.monitor.VmSample;
import org.strata.api.operation.OperationTarget;
import org.strata.api.operation.Operations;
import org.strata.api.storage.StoragePool;
import org.strata.api.storage.StorageService;
import org.strata.api.storage.Volume;
import org.strata.api.storage.VolumeImport;
import org.strata.api.storage.VolumeSpec;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.Console;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmService;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.core.inventory.Validation;
import org.strata.core.storage.StorageValidation;
import org.strata.core.vm.VmValidation;

/**
 * Test doubles of the API services, for the in-process HTTP tests only: just enough behaviour to
 * drive the web layer (datacenters, VMs and tasks are stored; everything else is empty or not found). The real
 * implementations live in the core bundle and are tested end to end by the Pax Exam integration tests; what these
 * are given is checked by the core's own validation, so that a request the real services refuse is refused here.
 */
final class InMemoryServicesForTests {

    private InMemoryServicesForTests() {}

    /** Datacenters in a map; pools and hosts never exist; a datacenter named "explode" fails with a bug. */
    static final class InMemoryInventoryServiceForTests implements InventoryService {
        private final Map<String, Datacenter> datacenters = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        final List<String> principals = new ArrayList<>();
        private final InMemoryTaskServiceForTests tasks;

        InMemoryInventoryServiceForTests(InMemoryTaskServiceForTests tasks) {
            this.tasks = tasks;
        }

        @Override
        public Page<Datacenter> datacenters(PageRequest page) {
            List<Datacenter> all = datacenters.values().stream()
                    .sorted((a, b) -> a.id().compareTo(b.id()))
                    .toList();
            List<Datacenter> slice =
                    all.stream().skip(page.offset()).limit(page.limit()).toList();
            return new Page<>(slice, page.offset(), page.limit(), all.size());
        }

        @Override
        public Datacenter datacenter(String id) {
            Datacenter d = datacenters.get(id);
            if (d == null) {
                throw StrataException.notFound("datacenter", id);
            }
            return d;
        }

        @Override
        public synchronized Datacenter createDatacenter(DatacenterSpec given, String principal) {
            DatacenterSpec spec = Validation.datacenter(given);
            if ("explode".equals(spec.name())) {
                throw new IllegalStateException("simulated bug with secret internals");
            }
            if (datacenters.values().stream().anyMatch(d -> d.name().equals(spec.name()))) {
                throw StrataException.conflict("a datacenter named '" + spec.name() + "' exists");
            }
            principals.add(principal);
            Datacenter d = new Datacenter(
                    "dc-" + ids.incrementAndGet(),
                    spec.name(),
                    spec.description(),
                    Instant.parse("2024-05-01T10:00:00Z"));
            datacenters.put(d.id(), d);
            return d;
        }

        @Override
        public Datacenter updateDatacenter(String id, DatacenterSpec given, String principal) {
            DatacenterSpec spec = Validation.datacenter(given);
            Datacenter old = datacenter(id);
            Datacenter d = new Datacenter(id, spec.name(), spec.description(), old.created());
            datacenters.put(id, d);
            return d;
        }

        @Override
        public void deleteDatacenter(String id, String principal) {
            datacenter(id);
            datacenters.remove(id);
        }

        @Override
        public Page<ResourcePool> pools(String datacenterId, PageRequest page) {
            List<ResourcePool> all = pools.values().stream()
                    .filter(p -> datacenterId == null || p.datacenterId().equals(datacenterId))
                    .sorted((a, b) -> a.id().compareTo(b.id()))
                    .toList();
            return new Page<>(
                    all.stream().skip(page.offset()).limit(page.limit()).toList(),
                    page.offset(),
                    page.limit(),
                    all.size());
        }

        @Override
        public ResourcePool pool(String id) {
            ResourcePool pool = pools.get(id);
            if (pool == null) {
                throw StrataException.notFound("pool", id);
            }
            return pool;
        }

        /** Pools exist only when a test adds them (tenant scoping); the rest of this fake knows none. */
        private final Map<String, ResourcePool> pools = new ConcurrentHashMap<>();

        void addPool(ResourcePool pool) {
            pools.put(pool.id(), pool);
        }

        void removePool(String id) {
            pools.remove(id);
        }

        @Override
        public ResourcePool createPool(PoolSpec given, String principal) {
            PoolSpec spec = Validation.pool(given);
            throw StrataException.invalid("datacenter '" + spec.datacenterId() + "' does not exist");
        }

        @Override
        public ResourcePool updatePool(String id, PoolSpec spec, String principal) {
            Validation.pool(spec);
            throw StrataException.notFound("pool", id);
        }

        @Override
        public void deletePool(String id, String principal) {
            throw StrataException.notFound("pool", id);
        }

        @Override
        public Page<Host> hosts(String datacenterId, PageRequest page) {
            return new Page<>(List.of(H1), page.offset(), page.limit(), 1);
        }

        /** Host h-1 exists, with what it reported about itself. */
        static final Host H1 = new Host(
                "h-1",
                "kvm1",
                "dc-1",
                null,
                "kvm",
                "qemu:///system",
                "root",
                true,
                HostState.AVAILABLE,
                null,
                Instant.parse("2024-05-01T10:00:00Z"),
                new HostInfo(
                        "kvm1.example",
                        "QEMU",
                        "8.2.2",
                        "EPYC",
                        8,
                        32768,
                        List.of(new HostInfo.NumaNode(0, 8, 32768)),
                        Set.of("kvm", "qemu"),
                        Set.of("VM_POWER"),
                        Instant.parse("2024-05-01T10:05:00Z")),
                null,
                HostKind.HYPERVISOR);

        final List<HostSpec> hostUpdates = new ArrayList<>();

        /** The spec of the last {@link #updateHost}. */
        synchronized HostSpec lastHostUpdate() {
            return hostUpdates.get(hostUpdates.size() - 1);
        }

        @Override
        public Host host(String id) {
            if (H1.id().equals(id)) {
                return H1;
            }
            throw StrataException.notFound("host", id);
        }

        @Override
        public Host addHost(HostSpec given, String principal) {
            HostSpec spec = Validation.host(given);
            throw new StrataException(ErrorCode.DRIVER_UNAVAILABLE, "driver '" + spec.driverId() + "' is not running");
        }

        @Override
        public synchronized Host updateHost(String id, HostSpec given, String principal) {
            HostSpec spec = Validation.host(given);
            Host h = host(id);
            hostUpdates.add(spec);
            return new Host(
                    h.id(),
                    spec.name(),
                    h.datacenterId(),
                    h.poolId(),
                    h.driverId(),
                    h.address(),
                    h.username(),
                    h.hasPassword(),
                    h.state(),
                    h.stateReason(),
                    h.created(),
                    h.info(),
                    spec.bmcHostId(),
                    spec.kind() == null ? h.kind() : spec.kind());
        }

        @Override
        public void removeHost(String id, String principal) {
            throw StrataException.notFound("host", id);
        }

        @Override
        public List<VirtualMachine> virtualMachines(String hostId) {
            throw StrataException.notFound("host", hostId);
        }

        @Override
        public Task powerVirtualMachine(String hostId, String vmId, String operation, String principal) {
            Operations.require(OperationTarget.HOST_VM, "operation", operation);
            Validation.id(vmId, "vmId");
            return task("power-" + operation, hostId, principal);
        }

        @Override
        public Task refreshHost(String hostId, String principal) {
            return task("refresh", hostId, principal);
        }

        private Task task(String operation, String target, String principal) {
            return tasks.start(operation, "host", target, principal);
        }
    }

    static final class InMemoryDriverServiceForTests implements DriverService {
        private final DriverInfo demo = new DriverInfo(
                "demo",
                "hypervisor",
                "Strata",
                "1.0",
                "demo driver",
                Set.of("VM_POWER", "VM_LIST"),
                "org.strata.drivers.demo");

        @Override
        public List<DriverInfo> drivers() {
            return List.of(demo);
        }

        @Override
        public DriverInfo driver(String id) {
            if (!demo.id().equals(id)) {
                throw StrataException.notFound("driver", id);
            }
            return demo;
        }
    }

    /**
     * Tasks started by the other fakes. A task moves on one step (QUEUED, RUNNING, SUCCEEDED) each time it
     * is read, so that waiting for it is deterministic; one whose operation ends in "-stuck" stays RUNNING.
     */
    static final class InMemoryTaskServiceForTests implements TaskService {
        private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00Z");
        private final Map<String, Task> tasks = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();

        Task start(String operation, String targetType, String targetId, String principal) {
            Task task = new Task(
                    "task-" + ids.incrementAndGet(),
                    operation,
                    targetType,
                    targetId,
                    TaskState.QUEUED,
                    0,
                    null,
                    null,
                    null,
                    null,
                    principal,
                    CREATED,
                    null,
                    null);
            tasks.put(task.id(), task);
            return task;
        }

        @Override
        public Page<Task> tasks(TaskState state, PageRequest page) {
            return new Page<>(List.of(), page.offset(), page.limit(), 0);
        }

        @Override
        public synchronized Task task(String id) {
            Task t = tasks.get(id);
            if (t == null) {
                throw StrataException.notFound("task", id);
            }
            Task next = switch (t.state()) {
                case QUEUED -> with(t, TaskState.RUNNING, 50, null);
                case RUNNING -> t.operation().endsWith("-stuck") ? t : with(t, TaskState.SUCCEEDED, 100, CREATED);
                default -> t;
            };
            tasks.put(id, next);
            return next;
        }

        /** Reads the task until it is done; a "-stuck" one never is, and comes back as it stands. */
        @Override
        public Task await(String id, java.time.Duration timeout) {
            Task t = task(id);
            while (!t.done() && !t.operation().endsWith("-stuck")) {
                t = task(id);
            }
            return t;
        }

        private static Task with(Task t, TaskState state, int progress, Instant finished) {
            return new Task(
                    t.id(),
                    t.operation(),
                    t.targetType(),
                    t.targetId(),
                    state,
                    progress,
                    t.message(),
                    state == TaskState.SUCCEEDED ? t.targetId() : null,
                    null,
                    null,
                    t.principal(),
                    t.created(),
                    CREATED,
                    finished);
        }

        @Override
        public Task cancel(String id, String principal) {
            throw StrataException.notFound("task", id);
        }
    }

    /**
     * What a service was asked, in order, each call as [operation, target, principal, [arguments]], for the tests to
     * inspect; a change also starts a task on the target.
     */
    static final class CallsForTests {
        private final InMemoryTaskServiceForTests tasks;
        private final String targetKind;
        private final List<Object> calls = new ArrayList<>();

        CallsForTests(InMemoryTaskServiceForTests tasks, String targetKind) {
            this.tasks = tasks;
            this.targetKind = targetKind;
        }

        /** Records a change and starts its task. */
        synchronized Task record(String operation, String target, String principal, Object... args) {
            calls.add(List.of(operation, target, principal, List.of(args)));
            return tasks.start(operation, targetKind, target, principal);
        }

        /** Records a call as given: a read, or a change whose task the service starts itself. */
        synchronized void add(List<?> call) {
            calls.add(call);
        }

        synchronized int size() {
            return calls.size();
        }

        synchronized Object last() {
            return calls.get(calls.size() - 1);
        }
    }

    /**
     * VMs in a map, seeded with vm-1 (RUNNING on h-1) and vm-2 (STOPPED on h-2); hosts h-1 and h-2 exist.
     * It keeps the state rules that produce 409 so that their passthrough can be checked, and records
     * the last call's arguments for the tests to inspect.
     */
    static final class InMemoryVmServiceForTests implements VmService {
        static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
        private static final Set<String> HOSTS = Set.of("h-1", "h-2");
        private final Map<String, VirtualMachine> vms = new ConcurrentHashMap<>();
        final CallsForTests calls;

        InMemoryVmServiceForTests(InMemoryTaskServiceForTests tasks) {
            this.calls = new CallsForTests(tasks, "vm");
            add(new VirtualMachine(
                    "vm-1", "h-1", "web", VmState.RUNNING, 2, 2048, "vm-1", VmSpec.of("web", 2, 2048), true, T0, T0));
            add(new VirtualMachine(
                    "vm-2", "h-2", "db", VmState.STOPPED, 4, 8192, "vm-2", VmSpec.of("db", 4, 8192), true, T0, T0));
        }

        void add(VirtualMachine vm) {
            vms.put(vm.id(), vm);
        }

        void remove(String id) {
            vms.remove(id);
        }

        private static void host(String hostId) {
            if (!HOSTS.contains(hostId)) {
                throw StrataException.notFound("host", hostId);
            }
        }

        private VirtualMachine stopped(String id) {
            VirtualMachine vm = vm(id);
            if (vm.state() == VmState.RUNNING) {
                throw StrataException.conflict("VM '" + id + "' is running; stop it first");
            }
            return vm;
        }

        @Override
        public Page<VirtualMachine> vms(String hostId, PageRequest page) {
            List<VirtualMachine> all = vms.values().stream()
                    .filter(v -> hostId == null || v.hostId().equals(hostId))
                    .sorted((a, b) -> a.id().compareTo(b.id()))
                    .toList();
            return new Page<>(
                    all.stream().skip(page.offset()).limit(page.limit()).toList(),
                    page.offset(),
                    page.limit(),
                    all.size());
        }

        @Override
        public Page<VirtualMachine> vmsInPools(Set<String> poolIds, PageRequest page) {
            List<VirtualMachine> all = vms.values().stream()
                    .filter(v -> v.poolId() != null && poolIds.contains(v.poolId()))
                    .sorted((a, b) -> a.id().compareTo(b.id()))
                    .toList();
            return new Page<>(
                    all.stream().skip(page.offset()).limit(page.limit()).toList(),
                    page.offset(),
                    page.limit(),
                    all.size());
        }

        @Override
        public VirtualMachine vm(String id) {
            VirtualMachine vm = vms.get(id);
            if (vm == null) {
                throw StrataException.notFound("VM", id);
            }
            return vm;
        }

        /**
         * As core: without a host (null or blank) the datacenter layer's placement chooses one, here always h-1, and
         * needs a pool; the call records the host, the spec and the pool ("" for none).
         */
        @Override
        public Task create(String hostId, String poolId, VmSpec spec, String principal) {
            VmValidation.spec(spec);
            String pool = poolId == null || poolId.isBlank() ? null : poolId;
            String chosen = hostId;
            if (hostId == null || hostId.isBlank()) {
                if (pool == null) {
                    throw StrataException.invalid("a VM created without a host needs a pool (poolId) to be placed in");
                }
                chosen = "h-1";
            }
            host(chosen);
            String on = chosen;
            if (vms.values().stream()
                    .anyMatch(v -> v.hostId().equals(on) && v.name().equals(spec.name()))) {
                throw StrataException.conflict("a VM named '" + spec.name() + "' exists on host '" + on + "'");
            }
            return calls.record(
                    spec.name().equals("slow") ? "create-stuck" : "create",
                    spec.name(),
                    principal,
                    chosen,
                    spec,
                    pool == null ? "" : pool);
        }

        @Override
        public Task update(String id, VmSpec spec, String principal) {
            VmValidation.spec(spec);
            stopped(id);
            return calls.record("update", id, principal, spec);
        }

        @Override
        public Task delete(String id, String principal) {
            stopped(id);
            return calls.record("delete", id, principal);
        }

        @Override
        public Task act(String id, String action, Integer timeoutSeconds, String principal) {
            // As core does: the declared operations decide what is valid input.
            Operations.checkParameter(
                    Operations.require(OperationTarget.VM, "action", action), Operations.TIMEOUT, timeoutSeconds);
            VirtualMachine vm = vm(id);
            if ("start".equals(action) && vm.state() == VmState.RUNNING) {
                throw StrataException.conflict("VM '" + id + "' is already running");
            }
            return calls.record(action, id, principal, String.valueOf(timeoutSeconds));
        }

        @Override
        public Task attachDisk(String id, VmDisk disk, String principal) {
            VmValidation.disk(disk, "disk");
            vm(id);
            return calls.record("attach-disk", id, principal, disk);
        }

        @Override
        public Task detachDisk(String id, String target, String principal) {
            VmValidation.target(target);
            vm(id);
            return calls.record("detach-disk", id, principal, target);
        }

        @Override
        public Task attachNic(String id, VmNic nic, String principal) {
            VmValidation.nic(nic, "nic");
            vm(id);
            return calls.record("attach-nic", id, principal, nic);
        }

        @Override
        public Task detachNic(String id, String mac, String principal) {
            VmValidation.mac(mac, "mac", false);
            vm(id);
            return calls.record("detach-nic", id, principal, mac);
        }

        @Override
        public Task setResources(String id, VmResources resources, String principal) {
            VmValidation.resources(resources, vm(id).memoryMb());
            return calls.record("set-resources", id, principal, resources);
        }

        @Override
        public Task migrate(String id, String targetHostId, String principal) {
            if (targetHostId == null || targetHostId.isBlank()) {
                throw StrataException.invalid("targetHostId is required");
            }
            vm(id);
            host(targetHostId);
            return calls.record("migrate", id, principal, targetHostId);
        }

        /** The guests whose agent answers, by VM id: vm-1's; any other running VM's agent is not connected. */
        final Map<String, VmGuest> guests = new ConcurrentHashMap<>(Map.of(
                "vm-1",
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
                                new VmGuest.GuestFileSystem("/boot", "ext2", 487L << 20, 82L << 20, 16.8)))));

        /** As core: 409 for a VM that does not run. */
        @Override
        public VmGuest guest(String id) {
            VirtualMachine vm = vm(id);
            if (vm.state() != VmState.RUNNING) {
                throw StrataException.conflict("VM '" + vm.name() + "' is " + vm.state()
                        + ": only a running VM's guest agent can answer; allowed when RUNNING");
            }
            return guests.getOrDefault(
                    id,
                    new VmGuest(
                            false,
                            "Guest agent is not responding: QEMU guest agent is not connected",
                            null,
                            null,
                            List.of()));
        }

        @Override
        public List<Console> consoles(String id) {
            vm(id);
            return List.of(new Console("vnc", "127.0.0.1:5900"), new Console("serial", "/dev/pts/3"));
        }

        @Override
        public List<VmSample> stats(String id, Instant from, Instant to) {
            vm(id);
            return within(
                    List.of(
                            new VmSample(T0, 12.5, 1024, 100, 200, 300, 400),
                            new VmSample(T0.plusSeconds(60), 25.0, 1100, 0, 0, 0, 0)),
                    VmSample::at,
                    from,
                    to);
        }

        @Override
        public List<HostSample> hostStats(String hostId, Instant from, Instant to) {
            host(hostId);
            return within(
                    List.of(
                            new HostSample(T0, 40.0, 3000, 16000),
                            new HostSample(T0.plusSeconds(60), 45.0, 3100, 16000)),
                    HostSample::at,
                    from,
                    to);
        }

        private static <T> List<T> within(
                List<T> samples, java.util.function.Function<T, Instant> at, Instant from, Instant to) {
            return samples.stream()
                    .filter(s -> (from == null || !at.apply(s).isBefore(from))
                            && (to == null || !at.apply(s).isAfter(to)))
                    .toList();
        }
    }

    /** Storage host st-1 with pool "default" holding disk1.qcow2 (1 GiB); every other host or pool is unknown. */
    static final class InMemoryStorageServiceForTests implements StorageService {
        final CallsForTests calls;

        InMemoryStorageServiceForTests(InMemoryTaskServiceForTests tasks) {
            this.calls = new CallsForTests(tasks, "volume");
        }

        private static final Volume DISK1 = new Volume(
                "default/disk1.qcow2",
                "st-1",
                "default",
                "disk1.qcow2",
                1L << 30,
                200L << 20,
                "qcow2",
                "/var/lib/strata/default/disk1.qcow2");

        private static void checkPool(String hostId, String pool) {
            if (!"st-1".equals(hostId)) {
                throw StrataException.notFound("host", hostId);
            }
            if (pool != null && !"default".equals(pool)) {
                throw StrataException.notFound("storage pool", pool);
            }
        }

        @Override
        public List<String> pools(String hostId) {
            checkPool(hostId, null);
            return List.of("default");
        }

        @Override
        public StoragePool pool(String hostId, String name) {
            checkPool(hostId, name);
            return new StoragePool(hostId, name, 100L << 30, 40L << 30);
        }

        @Override
        public List<Volume> volumes(String hostId, String pool) {
            checkPool(hostId, pool);
            return List.of(DISK1);
        }

        @Override
        public Volume volume(String hostId, String pool, String name) {
            checkPool(hostId, pool);
            if (!DISK1.name().equals(name)) {
                throw StrataException.notFound("volume", pool + "/" + name);
            }
            return DISK1;
        }

        @Override
        public Task createVolume(String hostId, VolumeSpec spec, String principal) {
            checkPool(hostId, spec.pool());
            StorageValidation.name(spec.name(), "name");
            StorageValidation.capacityBytes(spec.capacityMb());
            StorageValidation.format(spec.format(), "format");
            if (DISK1.name().equals(spec.name())) {
                throw StrataException.conflict("volume '" + spec.name() + "' exists");
            }
            return calls.record("create-volume", spec.pool() + "/" + spec.name(), principal, spec);
        }

        @Override
        public Task cloneVolume(String hostId, String pool, String source, String newName, String principal) {
            volume(hostId, pool, source);
            StorageValidation.name(newName, "newName");
            return calls.record("clone-volume", pool + "/" + newName, principal, source);
        }

        @Override
        public Task resizeVolume(String hostId, String pool, String name, long capacityMb, String principal) {
            Volume v = volume(hostId, pool, name);
            StorageValidation.capacityBytes(capacityMb);
            if (capacityMb * (1L << 20) < v.capacityBytes()) {
                throw StrataException.conflict("volumes only grow");
            }
            return calls.record("resize-volume", pool + "/" + name, principal, capacityMb);
        }

        @Override
        public Task deleteVolume(String hostId, String pool, String name, String principal) {
            volume(hostId, pool, name);
            return calls.record("delete-volume", pool + "/" + name, principal);
        }

        @Override
        public Task importVolume(String hostId, VolumeImport spec, String principal) {
            checkPool(hostId, spec.pool());
            StorageValidation.name(spec.name(), "name");
            StorageValidation.sourcePath(spec.sourcePath());
            StorageValidation.sourceFormat(spec.sourceFormat());
            StorageValidation.format(spec.format(), "format");
            return calls.record("import-volume", spec.pool() + "/" + spec.name(), principal, spec);
        }

        private final List<org.strata.api.storage.StorageAttachment> attached =
                new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public List<org.strata.api.storage.StorageAttachment> attachments(String hostId, String pool) {
            return attached.stream()
                    .filter(a -> a.storageHostId().equals(hostId) && a.pool().equals(pool))
                    .toList();
        }

        @Override
        public org.strata.api.storage.StorageAttachment attach(
                String hostId, String pool, org.strata.api.storage.StorageAttachment attachment, String principal) {
            var made = new org.strata.api.storage.StorageAttachment(
                    hostId, pool, attachment.clusterId(), attachment.hostId());
            attached.add(made);
            return made;
        }

        @Override
        public void detach(String hostId, String pool, String targetId, String principal) {
            if (!attached.removeIf(a -> a.storageHostId().equals(hostId)
                    && a.pool().equals(pool)
                    && (targetId.equals(a.clusterId()) || targetId.equals(a.hostId())))) {
                throw org.strata.api.StrataException.notFound("attachment", targetId);
            }
        }

        @Override
        public List<org.strata.api.storage.VolumeSnapshot> volumeSnapshots(String hostId, String pool, String volume) {
            return List.of();
        }

        @Override
        public org.strata.api.task.Task snapshotVolume(
                String hostId, String pool, String volume, String name, String principal) {
            throw org.strata.api.StrataException.notFound("volume", pool + "/" + volume);
        }

        @Override
        public org.strata.api.task.Task revertVolume(
                String hostId, String pool, String volume, String snapshot, String principal) {
            throw org.strata.api.StrataException.notFound("volume", pool + "/" + volume);
        }

        @Override
        public org.strata.api.task.Task deleteVolumeSnapshot(
                String hostId, String pool, String volume, String snapshot, String principal) {
            throw org.strata.api.StrataException.notFound("volume", pool + "/" + volume);
        }
    }

    /**
     * Bare-metal machines bm-1 (IPMI, no firmware update: 501) and bm-2 (firmware update works); h-1 is a
     * host but not a machine (409); any other host is unknown (404). Discovery needs datacenter dc-1.
     * It records every call's arguments, and the discovery requests whole, for the tests to inspect.
     */
    static final class InMemoryHardwareServiceForTests implements HardwareService {
        static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
        private final InMemoryTaskServiceForTests tasks;
        final CallsForTests calls;
        final List<DiscoveryRequest> discoveries = new ArrayList<>();

        InMemoryHardwareServiceForTests(InMemoryTaskServiceForTests tasks) {
            this.tasks = tasks;
            this.calls = new CallsForTests(tasks, "host");
        }

        private static void machine(String hostId) {
            if ("h-1".equals(hostId)) {
                throw StrataException.conflict("host 'h-1' is not a bare-metal machine");
            }
            if (!"bm-1".equals(hostId) && !"bm-2".equals(hostId)) {
                throw StrataException.notFound("host", hostId);
            }
        }

        @Override
        public synchronized Task discover(DiscoveryRequest request, String principal) {
            if (!"dc-1".equals(request.datacenterId())) {
                throw StrataException.notFound("datacenter", request.datacenterId());
            }
            if (request.addresses() == null || request.addresses().isBlank()) {
                throw StrataException.invalid("addresses are required");
            }
            discoveries.add(request);
            calls.add(List.of("discover", request.addresses(), principal, List.of()));
            return tasks.start("discover", "datacenter", request.datacenterId(), principal);
        }

        @Override
        public String powerState(String hostId) {
            machine(hostId);
            return "ON";
        }

        /** bm-1 answers ON, bm-2 does not answer; without ids: both (datacenter dc-1 or none). */
        @Override
        public synchronized java.util.stream.Stream<MachinePower> powerStates(PowerStatesRequest request) {
            calls.add(java.util.Arrays.asList(
                    "power-states", request.hostIds(), request.datacenterId(), request.timeoutSeconds()));
            List<String> ids = request.hostIds();
            if (ids == null) {
                if (request.datacenterId() != null && !"dc-1".equals(request.datacenterId())) {
                    throw StrataException.notFound("datacenter", request.datacenterId());
                }
                ids = List.of("bm-1", "bm-2");
            }
            if (ids.isEmpty()) {
                throw StrataException.invalid("hostIds is empty: name at least one machine");
            }
            if (ids.size() > MAX_POWER_STATES) {
                throw StrataException.invalid("at most " + MAX_POWER_STATES + " machines are asked in one sweep");
            }
            ids.forEach(id -> {
                if (!"bm-1".equals(id) && !"bm-2".equals(id) && !"h-1".equals(id)) {
                    throw StrataException.notFound("host", id);
                }
            });
            return ids.stream().distinct().map(id -> switch (id) {
                case "bm-1" -> MachinePower.of(id, id, "ON");
                case "bm-2" -> MachinePower.failed(id, id, "UNREACHABLE", "the BMC did not answer within 30 s");
                default -> MachinePower.failed(id, id, "UNSUPPORTED", "host 'h-1' is not a bare-metal machine");
            });
        }

        @Override
        public Task power(String hostId, String action, String principal) {
            Operations.require(OperationTarget.MACHINE, "action", action);
            machine(hostId);
            return calls.record("power-" + action, hostId, principal, action);
        }

        @Override
        public Task bootDevice(String hostId, String device, boolean persistent, String principal) {
            machine(hostId);
            return calls.record("boot-device", hostId, principal, device, persistent);
        }

        @Override
        public List<Sensor> sensors(String hostId) {
            machine(hostId);
            return List.of(
                    new Sensor(
                            "CPU Temp",
                            "Temperature",
                            45.0,
                            "degrees C",
                            null,
                            null,
                            null,
                            80.0,
                            90.0,
                            100.0,
                            "NORMAL"),
                    new Sensor("FAN 1", "Fan", 0.0, "RPM", 0.0, 300.0, 500.0, null, null, null, "CRITICAL"));
        }

        @Override
        public synchronized List<SensorSample> sensorHistory(String hostId, String sensor, Instant from, Instant to) {
            machine(hostId);
            if (!"CPU Temp".equals(sensor) && !"FAN 1".equals(sensor)) {
                throw StrataException.notFound("sensor", sensor);
            }
            calls.add(java.util.Arrays.asList("sensor-history", hostId, sensor, from, to));
            return java.util.stream.Stream.of(
                            new SensorSample(T0, 44.0, "NORMAL"),
                            new SensorSample(T0.plusSeconds(60), 95.0, "CRITICAL"))
                    .filter(s -> (from == null || !s.at().isBefore(from)) && (to == null || !s.at().isAfter(to)))
                    .toList();
        }

        @Override
        public HardwareInventory inventory(String hostId) {
            machine(hostId);
            return new HardwareInventory(
                    "4c4c4544-0036-4410-8051-b2c04f4b4c31",
                    "Strata Labs",
                    "SIM-1000",
                    "2.17",
                    List.of(new FruRecord(
                            0,
                            "Rack Mount Chassis",
                            "CH-1",
                            "CS-123",
                            "Strata Labs",
                            "Board X",
                            "BS-456",
                            "BP-1",
                            "Strata Labs",
                            "SIM-1000",
                            "PP-1",
                            "1.0",
                            "PS-789")),
                    T0);
        }

        @Override
        public List<SelRecord> eventLog(String hostId) {
            machine(hostId);
            return List.of(
                    new SelRecord(1, T0, "Temperature", "CPU Temp", "Upper Critical going high", true),
                    new SelRecord(2, null, "Fan", "FAN 1", "Lower Critical going low", false));
        }

        @Override
        public Task updateFirmware(String hostId, String imagePath, String principal) {
            machine(hostId);
            if ("bm-1".equals(hostId)) {
                throw new StrataException(
                        ErrorCode.UNSUPPORTED, "firmware update is unsupported by this driver (ipmi)");
            }
            return calls.record("update-firmware", hostId, principal, imagePath);
        }
    }

    static final class InMemoryEventServiceForTests implements EventService {
        @Override
        public Page<Event> events(String subjectId, PageRequest page) {
            return new Page<>(
                    List.of(new Event(
                            1,
                            Instant.parse("2024-05-01T10:00:00Z"),
                            Event.Severity.INFO,
                            "driver.started",
                            "driver",
                            "demo",
                            "driver demo started")),
                    page.offset(),
                    page.limit(),
                    1);
        }

        @Override
        public List<Event> eventsAfter(long afterId, org.strata.api.event.EventFilter filter, int limit) {
            return events(null, PageRequest.first()).items().stream()
                    .filter(e -> e.id() > afterId && filter.matches(e))
                    .limit(limit)
                    .toList();
        }
    }

    static final class InMemoryHistoryServiceForTests implements HistoryService {
        @Override
        public Page<HistoryEntry> history(String entityType, String entityId, PageRequest page) {
            return new Page<>(List.of(), page.offset(), page.limit(), 0);
        }
    }
}
