package org.strata.driver.demo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.CloneSpec;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestCommandResult;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HostStats;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.MigrationMonitor;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.SnapshotInfo;
import org.strata.spi.hypervisor.SnapshotSpec;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmInfo.PowerState;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.hypervisor.VmStats;

/**
 * A session with one demo host. Every call takes the cloud's lock, so that a migration, which touches two hosts, is
 * one step; events go out after it. VMs are named by their UUID, as on libvirt.
 */
final class DemoSession implements HypervisorSession {

    /** What every demo host says of itself: modest, so that placement and statistics have numbers to show. */
    static final int CPUS = 8;

    static final long MEMORY_BYTES = 32L << 30;

    private final DemoCloud cloud;
    private final DemoCloud.Host host;
    private final List<AutoCloseable> subscriptions = new CopyOnWriteArrayList<>();

    DemoSession(DemoCloud cloud, DemoCloud.Host host) {
        this.cloud = cloud;
        this.host = host;
    }

    @Override
    public HostFacts facts() {
        return new HostFacts(
                host.key, "Demo", "1.0.0", "Demo CPU", CPUS, MEMORY_BYTES, List.of(), Set.of("hvm"), Set.of());
    }

    @Override
    public List<VmInfo> listVms() {
        synchronized (cloud) {
            return host.vms.values().stream().map(DemoCloud.Vm::info).toList();
        }
    }

    @Override
    public VmInfo vm(String vmId) {
        synchronized (cloud) {
            return find(vmId).info();
        }
    }

    // ---- lifecycle

    @Override
    public void start(String vmId) {
        change(
                vmId,
                "start",
                Set.of(PowerState.STOPPED, PowerState.CRASHED),
                PowerState.RUNNING,
                VmEvent.Type.STARTED,
                "booted");
    }

    @Override
    public void shutdown(String vmId) {
        // The demo guest always obeys at once.
        change(vmId, "shut down", Set.of(PowerState.RUNNING), PowerState.STOPPED, VmEvent.Type.STOPPED, "shutdown");
    }

    @Override
    public void powerOff(String vmId) {
        change(
                vmId,
                "power off",
                Set.of(PowerState.RUNNING, PowerState.PAUSED, PowerState.CRASHED, PowerState.UNKNOWN),
                PowerState.STOPPED,
                VmEvent.Type.STOPPED,
                "destroyed");
    }

    @Override
    public void reboot(String vmId) {
        change(vmId, "reboot", Set.of(PowerState.RUNNING), PowerState.RUNNING, null, null);
    }

    @Override
    public void reset(String vmId) {
        change(vmId, "reset", Set.of(PowerState.RUNNING), PowerState.RUNNING, null, null);
    }

    @Override
    public void suspend(String vmId) {
        change(vmId, "suspend", Set.of(PowerState.RUNNING), PowerState.PAUSED, VmEvent.Type.SUSPENDED, "paused");
    }

    @Override
    public void resume(String vmId) {
        change(vmId, "resume", Set.of(PowerState.PAUSED), PowerState.RUNNING, VmEvent.Type.RESUMED, "unpaused");
    }

    private void change(
            String vmId, String what, Set<PowerState> from, PowerState to, VmEvent.Type event, String detail) {
        String name;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            if (!from.contains(vm.state)) {
                throw new DriverException(
                        Fault.CONFLICT,
                        "cannot " + what + " virtual machine " + vm.spec.name() + ": it is "
                                + vm.state.name().toLowerCase(java.util.Locale.ROOT));
            }
            vm.setState(to);
            name = vm.spec.name();
        }
        if (event != null) {
            cloud.emit(host, vmId, name, event, detail);
        }
    }

    // ---- definition

    @Override
    public VmInfo define(VmSpec spec) {
        VmInfo info;
        synchronized (cloud) {
            String uuid = spec.uuid() == null ? UUID.randomUUID().toString() : spec.uuid();
            if (host.vms.values().stream().anyMatch(vm -> vm.spec.name().equals(spec.name()))) {
                throw new DriverException(
                        Fault.CONFLICT, "this demo host already has a VM named '" + spec.name() + "'");
            }
            // A UUID is unique per demo host, as libvirt's is per daemon; elsewhere only a stopped VM may share it: a
            // stopped VM moves to another host by a definition there before its old one goes (libvirt's offline
            // migration does the same), but a running one is never defined twice.
            if (host.vms.containsKey(uuid)) {
                throw new DriverException(Fault.CONFLICT, "this demo host already has a VM with UUID " + uuid);
            }
            if (cloud.runsElsewhere(uuid, host)) {
                throw new DriverException(Fault.CONFLICT, "a demo VM with UUID " + uuid + " runs on another demo host");
            }
            DemoCloud.Vm vm = new DemoCloud.Vm(complete(spec.withUuid(uuid)), PowerState.STOPPED);
            host.vms.put(uuid, vm);
            info = vm.info();
        }
        cloud.emit(host, info.id(), info.name(), VmEvent.Type.DEFINED, "added");
        return info;
    }

    @Override
    public VmInfo redefine(String vmId, VmSpec spec) {
        VmInfo info;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            if (!spec.name().equals(vm.spec.name())
                    || (spec.uuid() != null && !spec.uuid().equals(vmId))) {
                throw new DriverException(Fault.CONFLICT, "a redefinition keeps the VM's name and UUID");
            }
            requireStopped(vm, "redefine");
            vm.spec = complete(spec.withUuid(vmId));
            info = vm.info();
        }
        cloud.emit(host, vmId, info.name(), VmEvent.Type.DEFINED, "updated");
        return info;
    }

    @Override
    public void undefine(String vmId) {
        String name;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            requireStopped(vm, "undefine");
            host.vms.remove(vmId);
            name = vm.spec.name();
        }
        cloud.emit(host, vmId, name, VmEvent.Type.UNDEFINED, "removed");
    }

    @Override
    public VmSpec describe(String vmId) {
        synchronized (cloud) {
            return find(vmId).spec;
        }
    }

    // ---- snapshots and clones: a demo VM keeps its definition and power state, its "disks" are only names

    @Override
    public List<SnapshotInfo> snapshots(String vmId) {
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            return vm.snapshots.stream()
                    .map(s -> new SnapshotInfo(
                            s.name(),
                            s.parent(),
                            s.description(),
                            s.created(),
                            s.state(),
                            s.withMemory(),
                            false,
                            s.name().equals(vm.currentSnapshot)))
                    .toList();
        }
    }

    @Override
    public SnapshotInfo createSnapshot(String vmId, SnapshotSpec spec) {
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            if (vm.snapshots.stream().anyMatch(s -> s.name().equals(spec.name()))) {
                throw new DriverException(
                        Fault.CONFLICT, "virtual machine " + vm.spec.name() + " has a snapshot '" + spec.name() + "'");
            }
            boolean memory = spec.withMemory() && vm.state == PowerState.RUNNING;
            DemoCloud.Snapshot taken = new DemoCloud.Snapshot(
                    spec.name(), vm.currentSnapshot, spec.description(), Instant.now(), vm.spec, vm.state, memory);
            vm.snapshots.add(taken);
            vm.currentSnapshot = taken.name();
            return new SnapshotInfo(
                    taken.name(),
                    taken.parent(),
                    taken.description(),
                    taken.created(),
                    taken.state(),
                    memory,
                    false,
                    true);
        }
    }

    @Override
    public void revertToSnapshot(String vmId, String snapshot) {
        PowerState before;
        PowerState after;
        String name;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            DemoCloud.Snapshot s = snapshot(vm, snapshot);
            before = vm.state;
            after = s.withMemory() ? s.state() : PowerState.STOPPED;
            vm.spec = s.spec();
            vm.setState(after);
            vm.currentSnapshot = s.name();
            name = vm.spec.name();
        }
        if (before != after) {
            cloud.emit(
                    host,
                    vmId,
                    name,
                    after == PowerState.STOPPED ? VmEvent.Type.STOPPED : VmEvent.Type.STARTED,
                    "from snapshot");
        }
    }

    @Override
    public void deleteSnapshot(String vmId, String snapshot) {
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            DemoCloud.Snapshot gone = snapshot(vm, snapshot);
            vm.snapshots.remove(gone);
            vm.snapshots.replaceAll(s -> gone.name().equals(s.parent()) ? s.withParent(gone.parent()) : s);
            if (gone.name().equals(vm.currentSnapshot)) {
                vm.currentSnapshot = gone.parent();
            }
        }
    }

    /** A copy in the same demo host, with new MACs; a linked one shares a snapshot, as on ESX. */
    @Override
    public VmInfo cloneVm(String vmId, CloneSpec spec) {
        VmSpec copy;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            VmSpec from = vm.spec;
            if (spec.linked()) {
                String base = spec.snapshot() != null ? spec.snapshot() : vm.currentSnapshot;
                if (base == null) {
                    throw new DriverException(
                            Fault.CONFLICT,
                            "a linked clone shares a snapshot: virtual machine " + vm.spec.name() + " has none");
                }
                from = snapshot(vm, base).spec();
            }
            List<NicSpec> nics = from.nics().stream().map(n -> n.withMac(null)).toList();
            copy = new VmSpec(
                    spec.name(),
                    null,
                    from.cpus(),
                    from.memoryMb(),
                    from.guestMode(),
                    from.disks(),
                    nics,
                    from.pciDevices(),
                    from.bootOrder(),
                    from.graphics(),
                    from.serialConsole(),
                    from.resources());
        }
        return define(copy);
    }

    private static DemoCloud.Snapshot snapshot(DemoCloud.Vm vm, String name) {
        return vm.snapshots.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new DriverException(
                        Fault.NOT_FOUND, "virtual machine " + vm.spec.name() + " has no snapshot '" + name + "'"));
    }

    // ---- devices: a running demo VM takes them at once, as with hot-plug

    @Override
    public DiskSpec attachDisk(String vmId, DiskSpec disk) {
        DiskSpec attached;
        String name;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            List<DiskSpec> disks = new ArrayList<>(vm.spec.disks());
            if (disk.target() != null
                    && disks.stream().anyMatch(d -> disk.target().equals(d.target()))) {
                throw new DriverException(
                        Fault.CONFLICT, "virtual machine " + vm.spec.name() + " already has a disk " + disk.target());
            }
            attached = disk.target() != null ? disk : disk.withTarget(freeTarget(disks, disk));
            disks.add(attached);
            vm.spec = vm.spec.withDisks(disks);
            name = vm.spec.name();
        }
        cloud.emit(host, vmId, name, VmEvent.Type.CHANGED, "disk attached");
        return attached;
    }

    @Override
    public void detachDisk(String vmId, String target) {
        String name;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            List<DiskSpec> disks = new ArrayList<>(vm.spec.disks());
            if (!disks.removeIf(d -> target.equals(d.target()))) {
                throw new DriverException(
                        Fault.NOT_FOUND, "virtual machine " + vm.spec.name() + " has no disk " + target);
            }
            vm.spec = vm.spec.withDisks(disks);
            name = vm.spec.name();
        }
        cloud.emit(host, vmId, name, VmEvent.Type.CHANGED, "disk detached");
    }

    @Override
    public NicSpec attachNic(String vmId, NicSpec nic) {
        NicSpec attached;
        String name;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            List<NicSpec> nics = new ArrayList<>(vm.spec.nics());
            if (nic.mac() != null && nics.stream().anyMatch(n -> nic.mac().equalsIgnoreCase(n.mac()))) {
                throw new DriverException(
                        Fault.CONFLICT, "virtual machine " + vm.spec.name() + " already has an interface " + nic.mac());
            }
            attached = nic.mac() != null ? nic : nic.withMac(freeMac(vmId, nics));
            nics.add(attached);
            vm.spec = vm.spec.withNics(nics);
            name = vm.spec.name();
        }
        cloud.emit(host, vmId, name, VmEvent.Type.CHANGED, "interface attached");
        return attached;
    }

    @Override
    public void detachNic(String vmId, String mac) {
        String name;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            List<NicSpec> nics = new ArrayList<>(vm.spec.nics());
            if (!nics.removeIf(n -> mac.equalsIgnoreCase(n.mac()))) {
                throw new DriverException(
                        Fault.NOT_FOUND, "virtual machine " + vm.spec.name() + " has no interface " + mac);
            }
            vm.spec = vm.spec.withNics(nics);
            name = vm.spec.name();
        }
        cloud.emit(host, vmId, name, VmEvent.Type.CHANGED, "interface detached");
    }

    // ---- the guest agent: made up, so that REST, SOAP and the shell have a guest to show on the demo datacenter

    /** What every running demo VM's "agent" says of its OS: a Debian 12 guest. Made up, as the whole demo. */
    static final Map<String, String> GUEST_OS = Map.of(
            "id", "debian",
            "name", "Debian GNU/Linux",
            "pretty-name", "Debian GNU/Linux 12 (bookworm)",
            "version", "12 (bookworm)",
            "version-id", "12",
            "kernel-release", "6.1.0-28-amd64",
            "kernel-version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)",
            "machine", "x86_64");

    /**
     * A made-up guest agent's answer for a running VM: {@link #GUEST_OS}, the VM's name as its host name, the loopback
     * interface and one interface per NIC of its definition ({@code ens3}, {@code ens4}, ...) with the NIC's MAC and
     * an address of the documentation range 192.0.2.0/24 (RFC 5737), steady per VM and NIC; the file systems, user and
     * time zone of {@link DemoGuest}. Any other state is "no agent", as on a real hypervisor.
     */
    @Override
    public GuestInfo guestInfo(String vmId) {
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            if (vm.state != PowerState.RUNNING) {
                return GuestInfo.noAgent("the VM is not running");
            }
            List<GuestInfo.Interface> interfaces = new ArrayList<>();
            interfaces.add(new GuestInfo.Interface(
                    "lo",
                    "00:00:00:00:00:00",
                    List.of(new GuestInfo.Address("127.0.0.1", 8), new GuestInfo.Address("::1", 128))));
            List<NicSpec> nics = vm.spec.nics();
            for (int i = 0; i < nics.size(); i++) {
                int host = 2 + Math.floorMod((vm.spec.uuid() + "/" + i).hashCode(), 250);
                interfaces.add(new GuestInfo.Interface(
                        "ens" + (3 + i), nics.get(i).mac(), List.of(new GuestInfo.Address("192.0.2." + host, 24))));
            }
            long ran = vm.ran(System.nanoTime());
            return new GuestInfo(
                    true,
                    null,
                    GUEST_OS,
                    vm.spec.name(),
                    interfaces,
                    DemoGuest.timezone(),
                    DemoGuest.users(vm.bootedAt),
                    DemoGuest.fileSystems(vm.spec.name(), ran));
        }
    }

    /** {@link DemoGuest#exec}: dpkg-query's package list; other programs are refused. Only a running VM answers. */
    @Override
    public GuestCommandResult guestExec(String vmId, GuestCommand command) {
        String name;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            if (vm.state != PowerState.RUNNING) {
                throw new DriverException(
                        Fault.CONFLICT,
                        "demo: virtual machine " + vm.spec.name() + " is " + vm.state + ", not running");
            }
            name = vm.spec.name();
        }
        return DemoGuest.exec(name, command);
    }

    // ---- statistics: made-up counters that behave as real ones, so that monitoring has something to show

    @Override
    public VmStats vmStats(String vmId) {
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            long now = System.nanoTime();
            long ran = vm.ran(now);
            boolean up = vm.state != PowerState.STOPPED && vm.state != PowerState.CRASHED;
            double seconds = ran / 1e9;
            return new VmStats(
                    Instant.now(),
                    vm.spec.cpus(),
                    (long) (ran * vm.load() * vm.spec.cpus()),
                    up ? (vm.spec.memoryMb() << 20) * 3 / 5 : 0,
                    (long) (seconds * 200_000 * vm.load()),
                    (long) (seconds * 100_000 * vm.load()),
                    (long) (seconds * 50_000 * vm.load()),
                    (long) (seconds * 30_000 * vm.load()));
        }
    }

    @Override
    public HostStats hostStats() {
        synchronized (cloud) {
            long now = System.nanoTime();
            host.accrue(now, CPUS);
            long used = host.vms.values().stream()
                    .filter(v -> v.state != PowerState.STOPPED && v.state != PowerState.CRASHED)
                    .mapToLong(v -> (v.spec.memoryMb() << 20) * 3 / 5)
                    .sum();
            return new HostStats(
                    Instant.now(),
                    CPUS,
                    host.busyNanos,
                    Math.max(1, (now - host.born) * CPUS),
                    MEMORY_BYTES,
                    Math.max(0, MEMORY_BYTES - (2L << 30) - used));
        }
    }

    // ---- events and migration

    @Override
    public AutoCloseable watch(Consumer<VmEvent> listener) {
        host.listeners.add(listener);
        AutoCloseable subscription = () -> host.listeners.remove(listener);
        subscriptions.add(subscription);
        return subscription;
    }

    /**
     * Moves a running VM to another demo host of this driver: one step under the lock, so that the VM is on exactly
     * one host at any time. The destination must be another host; a name taken there is a conflict, as on libvirt.
     */
    @Override
    public VmInfo migrate(String vmId, Endpoint destination, MigrationMonitor monitor) {
        DemoCloud.Host target = cloud.host(DemoAddress.parse(destination.address()));
        VmInfo moved;
        synchronized (cloud) {
            DemoCloud.Vm vm = find(vmId);
            if (target == host) {
                throw new DriverException(
                        Fault.CONFLICT, "virtual machine " + vm.spec.name() + " is already on this demo host");
            }
            if (vm.state != PowerState.RUNNING) {
                throw new DriverException(
                        Fault.CONFLICT,
                        "only a running VM is migrated live; " + vm.spec.name() + " is "
                                + vm.state.name().toLowerCase(java.util.Locale.ROOT));
            }
            if (target.vms.values().stream().anyMatch(v -> v.spec.name().equals(vm.spec.name()))) {
                throw new DriverException(
                        Fault.CONFLICT, "the destination already has a VM named '" + vm.spec.name() + "'");
            }
            monitor.progress(50, "copying memory");
            if (monitor.cancelled()) {
                throw new DriverException(Fault.CONFLICT, "migration of " + vm.spec.name() + " cancelled");
            }
            host.vms.remove(vmId);
            target.vms.put(vmId, vm);
            moved = vm.info();
        }
        monitor.progress(100, "migrated to " + target.key);
        cloud.emit(host, vmId, moved.name(), VmEvent.Type.UNDEFINED, "migrated");
        cloud.emit(target, vmId, moved.name(), VmEvent.Type.DEFINED, "migrated");
        cloud.emit(target, vmId, moved.name(), VmEvent.Type.STARTED, "migrated");
        return moved;
    }

    @Override
    public void close() {
        for (AutoCloseable s : subscriptions) {
            try {
                s.close();
            } catch (Exception e) {
                // removing a listener cannot fail
            }
        }
        subscriptions.clear();
    }

    // ---- helpers (called with the cloud's lock held)

    private DemoCloud.Vm find(String vmId) {
        DemoCloud.Vm vm = vmId == null ? null : host.vms.get(vmId);
        if (vm == null) {
            throw new DriverException(Fault.NOT_FOUND, "no virtual machine " + vmId + " on this demo host");
        }
        return vm;
    }

    private static void requireStopped(DemoCloud.Vm vm, String what) {
        if (vm.state != PowerState.STOPPED) {
            throw new DriverException(
                    Fault.CONFLICT,
                    "cannot " + what + " virtual machine " + vm.spec.name() + " while it is "
                            + vm.state.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** The spec with every disk given a target and every interface a MAC, as a hypervisor reads a definition back. */
    private static VmSpec complete(VmSpec spec) {
        List<DiskSpec> disks = new ArrayList<>();
        for (DiskSpec d : spec.disks()) {
            if (d.target() != null && disks.stream().anyMatch(o -> d.target().equals(o.target()))) {
                throw new DriverException(Fault.CONFLICT, "two disks with target " + d.target());
            }
            disks.add(d.target() != null ? d : d.withTarget(freeTarget(disks, d)));
        }
        List<NicSpec> nics = new ArrayList<>();
        for (NicSpec n : spec.nics()) {
            nics.add(n.mac() != null ? n : n.withMac(freeMac(spec.uuid(), nics)));
        }
        return spec.withDisks(disks).withNics(nics);
    }

    private static String freeTarget(List<DiskSpec> disks, DiskSpec disk) {
        String prefix = switch (disk.bus()) {
            case VIRTIO -> "vd";
            case SATA, SCSI -> "sd";
            case IDE -> "hd";
            case XEN -> "xvd";
        };
        Set<String> taken = new HashSet<>();
        disks.forEach(d -> taken.add(d.target()));
        for (char c = 'a'; c <= 'z'; c++) {
            if (!taken.contains(prefix + c)) {
                return prefix + c;
            }
        }
        throw new DriverException(Fault.CONFLICT, "no free " + prefix + " target left");
    }

    private static String freeMac(String vmId, List<NicSpec> nics) {
        for (int slot = 0; ; slot++) {
            String mac = DemoCloud.mac(vmId, slot);
            if (nics.stream().noneMatch(n -> mac.equalsIgnoreCase(n.mac()))) {
                return mac;
            }
        }
    }
}
