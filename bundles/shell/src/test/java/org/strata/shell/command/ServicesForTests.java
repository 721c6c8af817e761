package org.strata.shell.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.hardware.DiscoveryRequest;
import org.strata.api.hardware.FruRecord;
import org.strata.api.hardware.HardwareInventory;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.SelRecord;
import org.strata.api.hardware.Sensor;
import org.strata.api.hardware.SensorSample;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostInfo;
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
import org.strata.api.vm.VmGraphics;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmService;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;

/**
 * Test doubles of the API services for running shell commands without Karaf or core. Each records the
 * calls it got. A task is returned already finished (SUCCEEDED; FAILED for a VM named "doomed"), so that
 * {@code --wait} shows the outcome at once.
 */
final class ServicesForTests {
    static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private ServicesForTests() {}

    static Task task(String operation, String targetId, String principal) {
        boolean fail = "doomed".equals(targetId);
        return new Task(
                "task-" + operation,
                operation,
                "vm",
                targetId,
                fail ? TaskState.FAILED : TaskState.SUCCEEDED,
                100,
                null,
                fail ? null : targetId,
                fail ? ErrorCode.DRIVER_FAILURE : null,
                fail ? "the hypervisor refused" : null,
                principal,
                T0,
                T0,
                T0);
    }

    static final class TaskServiceForTests implements TaskService {
        @Override
        public Page<Task> tasks(TaskState state, PageRequest page) {
            // One task on a VM, one on a host, one on a VM removed since: listed by name, the last by id.
            List<Task> all = List.of(
                    ServicesForTests.task("vm.start", "vm-1", "alice"),
                    new Task(
                            "task-refresh",
                            "host.refresh",
                            "host",
                            "h-1",
                            TaskState.SUCCEEDED,
                            100,
                            null,
                            null,
                            null,
                            null,
                            "alice",
                            T0,
                            T0,
                            T0),
                    ServicesForTests.task("vm.delete", "vm-gone", "alice"));
            return new Page<>(all, page.offset(), page.limit(), all.size());
        }

        /** task-a (a start of acme's vm-a) and task-1 (a start of vm-1, in no pool), both by alice. */
        @Override
        public Task task(String id) {
            return switch (id) {
                case "task-a" -> ServicesForTests.task("vm.start", "vm-a", "alice");
                case "task-1" -> ServicesForTests.task("vm.start", "vm-1", "alice");
                default -> throw StrataException.notFound("task", id);
            };
        }

        @Override
        public Task await(String id, java.time.Duration timeout) {
            throw StrataException.notFound("task", id);
        }

        @Override
        public Task cancel(String id, String principal) {
            throw StrataException.notFound("task", id);
        }
    }

    /**
     * Core's guest sampler as the commands see it: vm-1's guest answered with 192.168.122.15 and a root file system
     * 93 % full; other VMs are not sampled; the address lookup also names a VM deleted since the round.
     */
    static final class GuestMonitoringForTests implements org.strata.api.monitor.GuestMonitoring {
        static final java.time.Instant AT = java.time.Instant.parse("2024-05-01T10:02:00Z");

        @Override
        public org.strata.api.monitor.GuestSample sample(String vmId) {
            if (!"vm-1".equals(vmId)) {
                return org.strata.api.monitor.GuestSample.none(
                        vmId, "the VM is STOPPED: only running VMs' agents are asked");
            }
            return new org.strata.api.monitor.GuestSample(
                    vmId,
                    AT,
                    true,
                    null,
                    AT,
                    0,
                    "Debian GNU/Linux 12 (bookworm)",
                    "6.1.0-28-amd64",
                    "web",
                    List.of("192.168.122.15"),
                    List.of(new org.strata.api.monitor.GuestSample.GuestFileSystem(
                            "/",
                            "ext4",
                            10L << 30,
                            (long) (9.3 * (1L << 30)),
                            93.0,
                            true,
                            List.of(
                                    new org.strata.api.monitor.GuestSample.Use(AT.minusSeconds(60), 89.5),
                                    new org.strata.api.monitor.GuestSample.Use(AT, 93.0)))));
        }

        @Override
        public List<String> vmsWithAddress(String address) {
            return "192.168.122.15".equals(address) ? List.of("vm-1", "vm-gone") : List.of();
        }
    }

    static final class VmServiceForTests implements VmService {
        final List<List<Object>> calls = new ArrayList<>();
        final VirtualMachine vm1 = new VirtualMachine(
                "vm-1",
                "h-1",
                "web",
                VmState.RUNNING,
                2,
                2048,
                "uuid-1",
                new VmSpec(
                        "web",
                        2,
                        2048,
                        "hvm",
                        List.of(new VmDisk("disk", "/v/web.qcow2", "qcow2", "virtio", "vda", false)),
                        List.of(new VmNic("network", "default", "52:54:00:00:00:01", "virtio")),
                        List.of(),
                        List.of("disk"),
                        new VmGraphics("vnc", "127.0.0.1", 0),
                        true,
                        new VmResources(2048, null, null, 4096L, null)),
                true,
                T0,
                T0);

        private Task record(String operation, String id, Object... args) {
            List<Object> call = new ArrayList<>(List.of(operation, id));
            call.addAll(java.util.Arrays.asList(args));
            calls.add(call);
            return task(operation, id, "shell");
        }

        List<Object> last() {
            return calls.get(calls.size() - 1);
        }

        @Override
        public Page<VirtualMachine> vms(String hostId, PageRequest page) {
            List<VirtualMachine> all = hostId == null || hostId.equals("h-1") ? List.of(vm1) : List.of();
            return new Page<>(all, page.offset(), page.limit(), all.size());
        }

        /** A VM of tenant acme's pool p-acme, listed only by {@link #vmsInPools} (vm1 is in no pool). */
        final VirtualMachine vmA = new VirtualMachine(
                "vm-a",
                "h-1",
                "acme-web",
                VmState.STOPPED,
                1,
                512,
                "uuid-a",
                VmSpec.of("acme-web", 1, 512),
                true,
                T0,
                T0,
                "p-acme");

        @Override
        public Page<VirtualMachine> vmsInPools(java.util.Set<String> poolIds, PageRequest page) {
            List<VirtualMachine> all = poolIds.contains(vmA.poolId()) ? List.of(vmA) : List.of();
            return new Page<>(all, page.offset(), page.limit(), all.size());
        }

        @Override
        public VirtualMachine vm(String id) {
            if ("vm-a".equals(id)) {
                return vmA;
            }
            if (!"vm-1".equals(id) && !"doomed".equals(id)) {
                throw StrataException.notFound("VM", id);
            }
            return vm1;
        }

        @Override
        public Task create(String hostId, String poolId, VmSpec spec, String principal) {
            return record("create", spec.name(), hostId, spec);
        }

        @Override
        public Task update(String id, VmSpec spec, String principal) {
            return record("update", id, spec);
        }

        @Override
        public Task delete(String id, String principal) {
            vm(id);
            return record("delete", id);
        }

        @Override
        public Task act(String id, String action, Integer timeoutSeconds, String principal) {
            // As core does: the declared operations decide what is valid input.
            Operations.checkParameter(
                    Operations.require(OperationTarget.VM, "action", action), Operations.TIMEOUT, timeoutSeconds);
            vm(id);
            if ("start".equals(action) && "vm-1".equals(id)) {
                throw StrataException.conflict("VM 'vm-1' is already running");
            }
            return record(action, id, timeoutSeconds);
        }

        @Override
        public Task attachDisk(String id, VmDisk disk, String principal) {
            return record("attach-disk", id, disk);
        }

        @Override
        public Task detachDisk(String id, String target, String principal) {
            return record("detach-disk", id, target);
        }

        @Override
        public Task attachNic(String id, VmNic nic, String principal) {
            return record("attach-nic", id, nic);
        }

        @Override
        public Task detachNic(String id, String mac, String principal) {
            return record("detach-nic", id, mac);
        }

        @Override
        public Task setResources(String id, VmResources resources, String principal) {
            return record("set-resources", id, resources);
        }

        @Override
        public Task migrate(String id, String targetHostId, String principal) {
            return record("migrate", id, targetHostId);
        }

        /** What vm-1's guest agent reports; set by a test (no agent by default, as a VM that has none). */
        VmGuest guest = new VmGuest(
                false, "Guest agent is not responding: QEMU guest agent is not connected", null, null, List.of());

        @Override
        public VmGuest guest(String id) {
            vm(id);
            calls.add(java.util.Arrays.asList("guest", id));
            return guest;
        }

        @Override
        public List<Console> consoles(String id) {
            vm(id);
            return List.of(new Console("vnc", "127.0.0.1:5900"), new Console("serial", null));
        }

        @Override
        public List<VmSample> stats(String id, Instant from, Instant to) {
            vm(id);
            calls.add(java.util.Arrays.asList("stats", id, from, to));
            return List.of(new VmSample(T0, 12.25, 1024, 100.4, 0, 2048, 0));
        }

        @Override
        public List<HostSample> hostStats(String hostId, Instant from, Instant to) {
            calls.add(java.util.Arrays.asList("host-stats", hostId, from, to));
            return List.of(new HostSample(T0, 40.0, 3000, 16000));
        }
    }

    static final class StorageServiceForTests implements StorageService {
        final List<List<Object>> calls = new ArrayList<>();
        static final Volume DISK1 = new Volume(
                "default/disk1.qcow2", "st-1", "default", "disk1.qcow2", 1L << 30, 1, "qcow2", "/pool/disk1.qcow2");

        private Task record(String operation, String target, Object... args) {
            List<Object> call = new ArrayList<>(List.of(operation, target));
            call.addAll(java.util.Arrays.asList(args));
            calls.add(call);
            return task(operation, target, "shell");
        }

        List<Object> last() {
            return calls.get(calls.size() - 1);
        }

        private static void host(String hostId) {
            if (!"st-1".equals(hostId)) {
                throw new StrataException(ErrorCode.UNSUPPORTED, "host '" + hostId + "' is not a storage host");
            }
        }

        @Override
        public List<String> pools(String hostId) {
            host(hostId);
            return List.of("default", "archive");
        }

        /** "default" says its sizes, "archive" does not. */
        @Override
        public StoragePool pool(String hostId, String pool) {
            host(hostId);
            return "default".equals(pool)
                    ? new StoragePool(hostId, pool, 100L << 30, 25L << 30, 150L << 30, 3)
                    : new StoragePool(hostId, pool, null, null);
        }

        @Override
        public List<Volume> volumes(String hostId, String pool) {
            host(hostId);
            return List.of(DISK1);
        }

        @Override
        public Volume volume(String hostId, String pool, String name) {
            host(hostId);
            if (!DISK1.name().equals(name)) {
                throw StrataException.notFound("volume", pool + "/" + name);
            }
            return DISK1;
        }

        @Override
        public Task createVolume(String hostId, VolumeSpec spec, String principal) {
            host(hostId);
            return record("create-volume", spec.pool() + "/" + spec.name(), spec);
        }

        @Override
        public Task cloneVolume(String hostId, String pool, String source, String newName, String principal) {
            return record("clone-volume", pool + "/" + newName, source);
        }

        @Override
        public Task resizeVolume(String hostId, String pool, String name, long capacityMb, String principal) {
            return record("resize-volume", pool + "/" + name, capacityMb);
        }

        @Override
        public Task deleteVolume(String hostId, String pool, String name, String principal) {
            return record("delete-volume", pool + "/" + name);
        }

        @Override
        public Task importVolume(String hostId, VolumeImport spec, String principal) {
            return record("import-volume", spec.pool() + "/" + spec.name(), spec);
        }

        @Override
        public List<org.strata.api.storage.StorageAttachment> attachments(String hostId, String pool) {
            return List.of();
        }

        @Override
        public org.strata.api.storage.StorageAttachment attach(
                String hostId, String pool, org.strata.api.storage.StorageAttachment attachment, String principal) {
            return attachment;
        }

        @Override
        public void detach(String hostId, String pool, String targetId, String principal) {}

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
     * Machine bm-1 (and "doomed", whose tasks fail); any other host is unknown. Firmware update is
     * UNSUPPORTED, as the IPMI driver reports it. Every call is recorded with its arguments.
     */
    static final class HardwareServiceForTests implements HardwareService {
        final List<List<Object>> calls = new ArrayList<>();

        private static void machine(String hostId) {
            if (!"bm-1".equals(hostId) && !"doomed".equals(hostId)) {
                throw StrataException.notFound("host", hostId);
            }
        }

        private Task record(String operation, String target, Object... args) {
            List<Object> call = new ArrayList<>(List.of(operation, target));
            call.addAll(java.util.Arrays.asList(args));
            calls.add(call);
            return task(operation, target, "shell");
        }

        List<Object> last() {
            return calls.get(calls.size() - 1);
        }

        @Override
        public Task discover(DiscoveryRequest request, String principal) {
            return record("discover", request.datacenterId(), request);
        }

        @Override
        public String powerState(String hostId) {
            machine(hostId);
            return "OFF";
        }

        @Override
        public Task power(String hostId, String action, String principal) {
            Operations.require(OperationTarget.MACHINE, "action", action);
            machine(hostId);
            return record("power-" + action, hostId);
        }

        /** bm-1 answers OFF and "doomed" does not answer; without hosts, both. */
        @Override
        public java.util.stream.Stream<org.strata.api.hardware.MachinePower> powerStates(
                org.strata.api.hardware.PowerStatesRequest request) {
            List<String> ids = request.hostIds() == null ? List.of("bm-1", "doomed") : request.hostIds();
            if (ids.isEmpty()) {
                throw StrataException.invalid("hostIds is empty: name at least one machine");
            }
            ids.forEach(ServicesForTests.HardwareServiceForTests::machine);
            calls.add(java.util.Arrays.asList(
                    "power-states", request.hostIds(), request.datacenterId(), request.timeoutSeconds()));
            return ids.stream()
                    .map(id -> id.equals("bm-1")
                            ? org.strata.api.hardware.MachinePower.of(id, "rack1-u07", "OFF")
                            : org.strata.api.hardware.MachinePower.failed(
                                    id, "rack1-u09", "UNREACHABLE", "the BMC did not answer within the sweep's 30 s"));
        }

        @Override
        public Task bootDevice(String hostId, String device, boolean persistent, String principal) {
            machine(hostId);
            return record("boot-device", hostId, device, persistent);
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
                    new Sensor("12V", "Voltage", 12.125, "Volts", 10.0, 10.8, 11.4, 12.6, 13.2, 14.0, "NORMAL"),
                    new Sensor("FAN 1", "Fan", 0.0, "RPM", null, 300.0, 500.0, null, null, null, "CRITICAL"));
        }

        @Override
        public List<SensorSample> sensorHistory(String hostId, String sensor, Instant from, Instant to) {
            machine(hostId);
            calls.add(java.util.Arrays.asList("sensor-history", hostId, sensor, from, to));
            return List.of(
                    new SensorSample(T0, 44.5, "NORMAL"), new SensorSample(T0.plusSeconds(60), 95.0, "CRITICAL"));
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
                            null,
                            "CS-123",
                            "Strata Labs",
                            "Board X",
                            "BS-456",
                            "BP-1",
                            null,
                            null,
                            null,
                            null,
                            null)),
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
            throw new StrataException(ErrorCode.UNSUPPORTED, "firmware update is unsupported by this driver (ipmi)");
        }
    }

    /** Only what the VM and host commands use: host h-1 (with info), its live VMs and the older power call. */
    static final class InventoryServiceForTests implements InventoryService {
        final List<List<Object>> calls = new ArrayList<>();
        static final Host H1 = new Host(
                "h-1",
                "kvm1",
                "dc-1",
                "p-1",
                "kvm",
                "qemu:///system",
                "root",
                true,
                HostState.AVAILABLE,
                null,
                T0,
                new HostInfo(
                        "kvm1.example",
                        "QEMU",
                        "8.2.2",
                        "EPYC",
                        8,
                        32768,
                        List.of(new HostInfo.NumaNode(0, 8, 32768)),
                        java.util.Set.of("kvm", "qemu"),
                        java.util.Set.of("VM_POWER"),
                        T0));

        private static StrataException unused() {
            return new StrataException(ErrorCode.UNSUPPORTED, "not used by these tests");
        }

        @Override
        public Page<Datacenter> datacenters(PageRequest page) {
            throw unused();
        }

        @Override
        public Datacenter datacenter(String id) {
            if (!"dc-1".equals(id)) {
                throw StrataException.notFound("datacenter", id);
            }
            return new Datacenter("dc-1", "Paris", null, T0);
        }

        @Override
        public Datacenter createDatacenter(DatacenterSpec spec, String principal) {
            throw unused();
        }

        @Override
        public Datacenter updateDatacenter(String id, DatacenterSpec spec, String principal) {
            throw unused();
        }

        @Override
        public void deleteDatacenter(String id, String principal) {
            throw unused();
        }

        /** p-1 (tenants), and p-2 (lab) under it, whose parent is shown by name; p-3's parent is gone. */
        @Override
        public Page<ResourcePool> pools(String datacenterId, PageRequest page) {
            List<ResourcePool> all = List.of(
                    pool("p-1"),
                    pool("p-2"),
                    new ResourcePool("p-3", "dc-1", "p-gone", "orphans", null, null, null, T0));
            return new Page<>(all, page.offset(), page.limit(), all.size());
        }

        @Override
        public ResourcePool pool(String id) {
            return switch (id) {
                case "p-1" -> new ResourcePool("p-1", "dc-1", null, "tenants", null, 16, null, T0);
                case "p-2" -> new ResourcePool("p-2", "dc-1", "p-1", "lab", null, null, 4096L, T0);
                default -> throw StrataException.notFound("pool", id);
            };
        }

        @Override
        public ResourcePool createPool(PoolSpec spec, String principal) {
            throw unused();
        }

        @Override
        public ResourcePool updatePool(String id, PoolSpec spec, String principal) {
            throw unused();
        }

        @Override
        public void deletePool(String id, String principal) {
            throw unused();
        }

        @Override
        public Page<Host> hosts(String datacenterId, PageRequest page) {
            return new Page<>(List.of(H1), page.offset(), page.limit(), 1);
        }

        @Override
        public Host host(String id) {
            if (!H1.id().equals(id)) {
                throw StrataException.notFound("host", id);
            }
            return H1;
        }

        @Override
        public Host addHost(HostSpec spec, String principal) {
            calls.add(java.util.Arrays.asList("addHost", spec, principal));
            return new Host(
                    "h-9",
                    spec.name(),
                    spec.datacenterId(),
                    spec.poolId(),
                    spec.driverId(),
                    spec.address(),
                    spec.username(),
                    spec.password() != null,
                    HostState.AVAILABLE,
                    null,
                    T0,
                    null,
                    spec.bmcHostId(),
                    spec.kind() == null ? org.strata.api.inventory.HostKind.HYPERVISOR : spec.kind());
        }

        @Override
        public Host updateHost(String id, HostSpec spec, String principal) {
            throw unused();
        }

        @Override
        public void removeHost(String id, String principal) {
            throw unused();
        }

        @Override
        public List<VirtualMachine> virtualMachines(String hostId) {
            host(hostId);
            return List.of(new VirtualMachine("live-7", "h-1", "found-by-driver", VmState.STOPPED, 1, 512));
        }

        @Override
        public Task powerVirtualMachine(String hostId, String vmId, String operation, String principal) {
            Operations.require(OperationTarget.HOST_VM, "operation", operation);
            calls.add(List.of(hostId, vmId, operation));
            return task("power-" + operation, vmId, principal);
        }

        @Override
        public Task refreshHost(String hostId, String principal) {
            throw unused();
        }
    }
}
