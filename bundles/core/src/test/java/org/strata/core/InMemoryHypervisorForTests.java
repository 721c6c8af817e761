package org.strata.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.strata.spi.Capability;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Vocabulary;
import org.strata.spi.hypervisor.ConsoleInfo;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HostStats;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.MigrationMonitor;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.NumaCell;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.hypervisor.VmStats;

/**
 * A hand-written hypervisor for core's unit tests only: core may not depend on a concrete driver, so its
 * unit tests bring their own. The real drivers run against real peers in their own modules and in the
 * distribution's integration tests.
 *
 * <p>Each address is a host of its own. Addresses containing "unreachable" never answer, "badauth" refuse
 * the credentials; a host's {@link FakeHost#down} makes it stop answering and come back, and its
 * {@link FakeHost#failure} is thrown as it is, to test what users read of a driver's failure. The {@code ...Outside}
 * methods change a host the way virsh would, behind Strata's back, and emit the events libvirt would.
 */
public final class InMemoryHypervisorForTests implements HypervisorDriver {

    public static final Set<Capability> ALL = Set.copyOf(EnumSet.of(
            Capability.VM_POWER,
            Capability.VM_DEFINE,
            Capability.DEVICE_HOTPLUG,
            Capability.LIVE_MIGRATION,
            Capability.VM_STATISTICS,
            Capability.CONSOLE,
            Capability.VM_SUSPEND,
            Capability.RESOURCE_SETTINGS,
            Capability.HOST_STATISTICS,
            Capability.VM_EVENTS,
            Capability.PCI_PASSTHROUGH,
            Capability.GUEST_EXEC));

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    /** Fake counters advance by this much per sample. */
    public static final Duration SAMPLE_STEP = Duration.ofSeconds(10);

    private final String id;
    private final Set<Capability> capabilities;
    private final Vocabulary vocabulary;
    private final Map<String, FakeHost> hosts = new ConcurrentHashMap<>();
    public final AtomicInteger opens = new AtomicInteger();
    public volatile Endpoint lastEndpoint;

    public InMemoryHypervisorForTests() {
        this("memory", ALL);
    }

    public InMemoryHypervisorForTests(String id, Set<Capability> capabilities) {
        this(id, capabilities, Vocabulary.ANY);
    }

    public InMemoryHypervisorForTests(String id, Set<Capability> capabilities, Vocabulary vocabulary) {
        this.id = id;
        this.capabilities = capabilities;
        this.vocabulary = vocabulary;
    }

    @Override
    public DriverDescriptor descriptor() {
        return new DriverDescriptor(id, DriverKind.HYPERVISOR, "tests", "1", "in-memory", capabilities, vocabulary);
    }

    public FakeHost host(String address) {
        return hosts.computeIfAbsent(address, FakeHost::new);
    }

    @Override
    public HypervisorSession open(Endpoint endpoint) {
        lastEndpoint = endpoint;
        opens.incrementAndGet();
        FakeHost host = host(endpoint.address());
        if (host.failure != null) {
            throw host.failure;
        }
        if (endpoint.address().contains("unreachable") || host.down) {
            throw new DriverException(Fault.UNREACHABLE, "host " + endpoint.address() + " did not answer");
        }
        if (endpoint.address().contains("badauth")) {
            throw new DriverException(Fault.AUTHENTICATION_FAILED, "host " + endpoint.address() + " refused the login");
        }
        return new Session(host);
    }

    /** One VM of a fake host; fields are replaced whole, under the host's monitor. */
    static final class FakeVm {
        volatile VmSpec spec;
        volatile VmInfo.PowerState state;
        final java.util.concurrent.atomic.AtomicInteger samples = new java.util.concurrent.atomic.AtomicInteger();

        FakeVm(VmSpec spec, VmInfo.PowerState state) {
            this.spec = spec;
            this.state = state;
        }

        VmInfo info() {
            return new VmInfo(spec.uuid(), spec.name(), state, spec.cpus(), spec.memoryMb() << 20);
        }
    }

    public static final class FakeHost {
        final String address;
        final Map<String, FakeVm> vms = new ConcurrentHashMap<>();
        final List<Consumer<VmEvent>> listeners = new CopyOnWriteArrayList<>();
        public volatile boolean down;
        /** Thrown by opening a session and by every call, when set. */
        public volatile DriverException failure;

        public volatile boolean guestIgnoresShutdown;
        public volatile boolean missEvents;
        public volatile boolean rejectDevices;
        public volatile boolean slowMigration;
        /** A start that happens but whose answer is lost (a timeout, a reset connection): the VM runs, the call fails. */
        public volatile boolean loseStartAnswer;
        /** Starts refused as a held lease refuses them (CONFLICT), the VM left off. */
        public volatile boolean refuseStarts;

        /** What a running VM's guest agent says; null: the driver cannot ask agents (UNSUPPORTED, the SPI's default). */
        public volatile org.strata.spi.hypervisor.GuestInfo guest;
        /** What one running VM's guest agent says (by hypervisor id), before {@link #guest}. */
        public final Map<String, org.strata.spi.hypervisor.GuestInfo> guests = new ConcurrentHashMap<>();
        /** Guest agent questions asked of this host, answered or not. */
        public final java.util.concurrent.atomic.AtomicInteger guestCalls =
                new java.util.concurrent.atomic.AtomicInteger();

        /**
         * How a running VM's guest runs programs; null: the driver cannot (UNSUPPORTED, the SPI's default). May throw
         * a DriverException as an agent's refusal.
         */
        public volatile java.util.function.Function<
                        org.strata.spi.hypervisor.GuestCommand, org.strata.spi.hypervisor.GuestCommandResult>
                programs;

        public final Set<Capability> unavailable = ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger hostSamples = new java.util.concurrent.atomic.AtomicInteger();

        FakeHost(String address) {
            this.address = address;
        }

        public int listeners() {
            return listeners.size();
        }

        public VmInfo info(String vmId) {
            FakeVm vm = vms.get(vmId);
            return vm == null ? null : vm.info();
        }

        public VmSpec spec(String vmId) {
            return vms.get(vmId).spec;
        }

        public boolean has(String vmId) {
            return vms.containsKey(vmId);
        }

        /** Like {@code virsh define}: returns the new VM's id. */
        public synchronized String defineOutside(String name, int vcpus, long memoryMib, VmInfo.PowerState state) {
            String uuid = UUID.randomUUID().toString();
            vms.put(uuid, new FakeVm(VmSpec.of(name, vcpus, memoryMib).withUuid(uuid), state));
            emit(uuid, VmEvent.Type.DEFINED, "added");
            if (state == VmInfo.PowerState.RUNNING) {
                emit(uuid, VmEvent.Type.STARTED, "booted");
            }
            return uuid;
        }

        /** Like {@code virsh start/destroy/suspend}. */
        public synchronized void setStateOutside(String vmId, VmInfo.PowerState state) {
            vms.get(vmId).state = state;
            emit(
                    vmId,
                    switch (state) {
                        case RUNNING -> VmEvent.Type.STARTED;
                        case PAUSED, SUSPENDED -> VmEvent.Type.SUSPENDED;
                        case CRASHED -> VmEvent.Type.CRASHED;
                        default -> VmEvent.Type.STOPPED;
                    },
                    "outside");
        }

        /** Like {@code virsh setmaxmem --config} on a stopped VM: libvirt reports DEFINED, "updated". */
        public synchronized void setMemoryOutside(String vmId, long memoryMib) {
            FakeVm vm = vms.get(vmId);
            VmSpec s = vm.spec;
            vm.spec = new VmSpec(
                    s.name(),
                    s.uuid(),
                    s.cpus(),
                    memoryMib,
                    s.guestMode(),
                    s.disks(),
                    s.nics(),
                    s.pciDevices(),
                    s.bootOrder(),
                    s.graphics(),
                    s.serialConsole(),
                    s.resources());
            emit(vmId, VmEvent.Type.DEFINED, "updated");
        }

        public synchronized void undefineOutside(String vmId) {
            undefineOutside(vmId, "removed " + vms.get(vmId).spec.name());
        }

        /** Like {@link #undefineOutside(String)}, with the event's detail as a driver gives it. */
        public synchronized void undefineOutside(String vmId, String detail) {
            vms.remove(vmId);
            emit(vmId, VmEvent.Type.UNDEFINED, detail);
        }

        void emit(String vmId, VmEvent.Type type, String detail) {
            if (missEvents) {
                return;
            }
            FakeVm vm = vms.get(vmId);
            VmEvent event = new VmEvent(vmId, vm == null ? null : vm.spec.name(), type, detail);
            listeners.forEach(l -> l.accept(event));
        }
    }

    private final class Session implements HypervisorSession {
        private final FakeHost h;
        private final List<Consumer<VmEvent>> watches = new CopyOnWriteArrayList<>();
        private volatile boolean closed;

        Session(FakeHost host) {
            this.h = host;
        }

        private void answer() {
            if (closed) {
                throw new DriverException(Fault.DRIVER_FAILURE, "session closed");
            }
            if (h.failure != null) {
                throw h.failure;
            }
            if (h.down) {
                throw new DriverException(Fault.UNREACHABLE, "host " + h.address + " stopped answering");
            }
        }

        private FakeVm find(String vmId) {
            answer();
            FakeVm vm = h.vms.get(vmId);
            if (vm == null) {
                throw new DriverException(Fault.NOT_FOUND, "no VM " + vmId + " on " + h.address);
            }
            return vm;
        }

        @Override
        public HostFacts facts() {
            answer();
            return new HostFacts(
                    "mem-" + h.address,
                    "memory",
                    "1.0.0",
                    "cpu",
                    4,
                    8L << 30,
                    List.of(new NumaCell(0, 4, 8L << 30)),
                    Set.of("memory"),
                    Set.copyOf(h.unavailable));
        }

        @Override
        public List<VmInfo> listVms() {
            answer();
            return h.vms.values().stream().map(FakeVm::info).toList();
        }

        @Override
        public VmInfo vm(String vmId) {
            return find(vmId).info();
        }

        @Override
        public void start(String vmId) {
            synchronized (h) {
                FakeVm vm = find(vmId);
                if (vm.state == VmInfo.PowerState.RUNNING) {
                    throw new DriverException(Fault.CONFLICT, "already running");
                }
                if (h.refuseStarts) {
                    throw new DriverException(Fault.CONFLICT, "resource busy: its lease is held elsewhere");
                }
                vm.state = VmInfo.PowerState.RUNNING;
                vm.samples.set(0);
                h.emit(vmId, VmEvent.Type.STARTED, "booted");
                if (h.loseStartAnswer) {
                    throw new DriverException(Fault.UNREACHABLE, "host " + h.address + " stopped answering");
                }
            }
        }

        @Override
        public void shutdown(String vmId) {
            synchronized (h) {
                FakeVm vm = find(vmId);
                if (vm.state != VmInfo.PowerState.RUNNING) {
                    throw new DriverException(Fault.CONFLICT, "not running");
                }
                if (!h.guestIgnoresShutdown) {
                    vm.state = VmInfo.PowerState.STOPPED;
                    h.emit(vmId, VmEvent.Type.STOPPED, "shutdown");
                }
            }
        }

        @Override
        public void powerOff(String vmId) {
            synchronized (h) {
                find(vmId).state = VmInfo.PowerState.STOPPED;
                h.emit(vmId, VmEvent.Type.STOPPED, "destroyed");
            }
        }

        @Override
        public void reboot(String vmId) {
            find(vmId);
        }

        @Override
        public void suspend(String vmId) {
            synchronized (h) {
                find(vmId).state = VmInfo.PowerState.PAUSED;
                h.emit(vmId, VmEvent.Type.SUSPENDED, "paused");
            }
        }

        @Override
        public void resume(String vmId) {
            synchronized (h) {
                find(vmId).state = VmInfo.PowerState.RUNNING;
                h.emit(vmId, VmEvent.Type.RESUMED, "unpaused");
            }
        }

        @Override
        public VmInfo define(VmSpec spec) {
            answer();
            synchronized (h) {
                String uuid = spec.uuid() == null ? UUID.randomUUID().toString() : spec.uuid();
                if (h.vms.containsKey(uuid)
                        || h.vms.values().stream().anyMatch(v -> v.spec.name().equals(spec.name()))) {
                    throw new DriverException(Fault.CONFLICT, "a VM named " + spec.name() + " exists");
                }
                FakeVm vm = new FakeVm(complete(spec.withUuid(uuid)), VmInfo.PowerState.STOPPED);
                h.vms.put(uuid, vm);
                h.emit(uuid, VmEvent.Type.DEFINED, "added");
                return vm.info();
            }
        }

        @Override
        public VmInfo redefine(String vmId, VmSpec spec) {
            synchronized (h) {
                FakeVm vm = find(vmId);
                if (vm.state == VmInfo.PowerState.RUNNING) {
                    throw new DriverException(Fault.CONFLICT, "running");
                }
                vm.spec = complete(spec.withUuid(vmId));
                h.emit(vmId, VmEvent.Type.DEFINED, "updated");
                return vm.info();
            }
        }

        @Override
        public void undefine(String vmId) {
            synchronized (h) {
                FakeVm vm = find(vmId);
                if (vm.state == VmInfo.PowerState.RUNNING) {
                    throw new DriverException(Fault.CONFLICT, "running");
                }
                h.emit(vmId, VmEvent.Type.UNDEFINED, "removed");
                h.vms.remove(vmId);
            }
        }

        @Override
        public VmSpec describe(String vmId) {
            return find(vmId).spec;
        }

        @Override
        public DiskSpec attachDisk(String vmId, DiskSpec disk) {
            synchronized (h) {
                FakeVm vm = find(vmId);
                if (h.rejectDevices) {
                    throw new DriverException(Fault.CONFLICT, "the hypervisor refused the disk");
                }
                List<DiskSpec> disks = new ArrayList<>(vm.spec.disks());
                DiskSpec attached = disk.target() == null ? disk.withTarget(nextTarget(disks)) : disk;
                disks.add(attached);
                vm.spec = vm.spec.withDisks(disks);
                return attached;
            }
        }

        @Override
        public void detachDisk(String vmId, String target) {
            synchronized (h) {
                FakeVm vm = find(vmId);
                if (h.rejectDevices) {
                    throw new DriverException(Fault.CONFLICT, "the hypervisor refused to detach");
                }
                if (vm.spec.disks().stream().noneMatch(d -> target.equals(d.target()))) {
                    throw new DriverException(Fault.NOT_FOUND, "no disk " + target);
                }
                vm.spec = vm.spec.withDisks(vm.spec.disks().stream()
                        .filter(d -> !target.equals(d.target()))
                        .toList());
            }
        }

        @Override
        public NicSpec attachNic(String vmId, NicSpec nic) {
            synchronized (h) {
                FakeVm vm = find(vmId);
                if (h.rejectDevices) {
                    throw new DriverException(Fault.CONFLICT, "the hypervisor refused the NIC");
                }
                NicSpec attached = nic.mac() == null ? nic.withMac(nextMac()) : nic;
                List<NicSpec> nics = new ArrayList<>(vm.spec.nics());
                nics.add(attached);
                vm.spec = vm.spec.withNics(nics);
                return attached;
            }
        }

        @Override
        public void detachNic(String vmId, String mac) {
            synchronized (h) {
                FakeVm vm = find(vmId);
                if (vm.spec.nics().stream().noneMatch(n -> mac.equalsIgnoreCase(n.mac()))) {
                    throw new DriverException(Fault.NOT_FOUND, "no NIC " + mac);
                }
                vm.spec = vm.spec.withNics(vm.spec.nics().stream()
                        .filter(n -> !mac.equalsIgnoreCase(n.mac()))
                        .toList());
            }
        }

        @Override
        public org.strata.spi.hypervisor.GuestInfo guestInfo(String vmId) {
            FakeVm vm = find(vmId);
            h.guestCalls.incrementAndGet();
            org.strata.spi.hypervisor.GuestInfo own = h.guests.get(vmId);
            if (h.guest == null && own == null) {
                return HypervisorSession.super.guestInfo(vmId);
            }
            return vm.state == VmInfo.PowerState.RUNNING
                    ? (own != null ? own : h.guest)
                    : org.strata.spi.hypervisor.GuestInfo.noAgent("the VM is not running");
        }

        @Override
        public org.strata.spi.hypervisor.GuestCommandResult guestExec(
                String vmId, org.strata.spi.hypervisor.GuestCommand command) {
            FakeVm vm = find(vmId);
            if (h.programs == null) {
                return HypervisorSession.super.guestExec(vmId, command);
            }
            if (vm.state != VmInfo.PowerState.RUNNING) {
                throw new DriverException(Fault.CONFLICT, "the VM is not running");
            }
            return h.programs.apply(command);
        }

        @Override
        public List<ConsoleInfo> consoles(String vmId) {
            FakeVm vm = find(vmId);
            boolean on = vm.state == VmInfo.PowerState.RUNNING;
            List<ConsoleInfo> consoles = new ArrayList<>();
            if (vm.spec.graphics() != null) {
                consoles.add(new ConsoleInfo(
                        vm.spec.graphics().type().name().toLowerCase(java.util.Locale.ROOT),
                        on ? vm.spec.graphics().listen() + ":5900" : null));
            }
            if (vm.spec.serialConsole()) {
                consoles.add(new ConsoleInfo("serial", on ? "/dev/pts/7" : null));
            }
            return consoles;
        }

        @Override
        public void applyResources(String vmId, ResourceSettings s) {
            synchronized (h) {
                FakeVm vm = find(vmId);
                ResourceSettings r = vm.spec.resources();
                vm.spec = vm.spec.withResources(new ResourceSettings(
                        s.cpuShares() != null ? s.cpuShares() : r.cpuShares(),
                        s.cpuLimitPercent() != null ? s.cpuLimitPercent() : r.cpuLimitPercent(),
                        s.cpuReservationPercent() != null ? s.cpuReservationPercent() : r.cpuReservationPercent(),
                        s.memoryLimitMib() != null ? s.memoryLimitMib() : r.memoryLimitMib(),
                        s.memoryReservationMib() != null ? s.memoryReservationMib() : r.memoryReservationMib()));
            }
        }

        /** Every sample is SAMPLE_STEP later; the guest uses 25 % of its vCPUs and reads 1 MiB per step. */
        @Override
        public VmStats vmStats(String vmId) {
            FakeVm vm = find(vmId);
            int k = vm.samples.incrementAndGet();
            long stepNanos = SAMPLE_STEP.toNanos();
            return new VmStats(
                    EPOCH.plus(SAMPLE_STEP.multipliedBy(k)),
                    vm.spec.cpus(),
                    k * stepNanos * vm.spec.cpus() / 4,
                    256L << 20,
                    k * (1L << 20),
                    k * 2L * (1L << 20),
                    k * 1000L,
                    0);
        }

        /** Every sample is SAMPLE_STEP later; the host is 50 % busy with 2 GiB of 8 used. */
        @Override
        public HostStats hostStats() {
            answer();
            int k = h.hostSamples.incrementAndGet();
            long total = k * SAMPLE_STEP.toNanos() * 4;
            return new HostStats(EPOCH.plus(SAMPLE_STEP.multipliedBy(k)), 4, total / 2, total, 8L << 30, 6L << 30);
        }

        @Override
        public AutoCloseable watch(Consumer<VmEvent> listener) {
            answer();
            h.listeners.add(listener);
            watches.add(listener);
            return () -> h.listeners.remove(listener);
        }

        @Override
        public VmInfo migrate(String vmId, Endpoint destination, MigrationMonitor monitor) {
            FakeVm vm = find(vmId);
            FakeHost to = host(destination.address());
            if (to.down) {
                throw new DriverException(Fault.UNREACHABLE, "destination did not answer");
            }
            monitor.progress(10, "starting");
            if (h.slowMigration) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!monitor.cancelled() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
                throw new DriverException(Fault.CONFLICT, "migration aborted");
            }
            monitor.progress(50, "copying memory");
            monitor.progress(90, "switching over");
            synchronized (h) {
                h.emit(vmId, VmEvent.Type.STOPPED, "migrated");
                h.emit(vmId, VmEvent.Type.UNDEFINED, "migrated");
                h.vms.remove(vmId);
            }
            synchronized (to) {
                to.vms.put(vmId, vm);
                to.emit(vmId, VmEvent.Type.DEFINED, "migrated");
                to.emit(vmId, VmEvent.Type.STARTED, "migrated");
            }
            return vm.info();
        }

        @Override
        public void close() {
            closed = true;
            h.listeners.removeAll(watches);
        }
    }

    private static VmSpec complete(VmSpec spec) {
        List<DiskSpec> disks = new ArrayList<>();
        for (DiskSpec d : spec.disks()) {
            disks.add(d.target() == null ? d.withTarget(nextTarget(disks)) : d);
        }
        List<NicSpec> nics = spec.nics().stream()
                .map(n -> n.mac() == null ? n.withMac(nextMac()) : n)
                .toList();
        return spec.withDisks(disks).withNics(nics);
    }

    private static String nextTarget(List<DiskSpec> disks) {
        for (char c = 'a'; c <= 'z'; c++) {
            String target = "vd" + c;
            if (disks.stream().noneMatch(d -> target.equals(d.target()))) {
                return target;
            }
        }
        throw new DriverException(Fault.CONFLICT, "no free disk target");
    }

    private static String nextMac() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        return "52:54:00:" + hex.substring(0, 2) + ":" + hex.substring(2, 4) + ":" + hex.substring(4, 6);
    }
}
