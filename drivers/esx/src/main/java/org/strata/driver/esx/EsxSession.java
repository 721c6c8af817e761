package org.strata.driver.esx;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.CloneSpec;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HostStats;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.MigrationMonitor;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.NumaCell;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.SnapshotInfo;
import org.strata.spi.hypervisor.SnapshotSpec;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.hypervisor.VmStats;
import org.strata.vsphere.vim.MoRef;
import org.strata.vsphere.vim.ObjectContent;
import org.strata.vsphere.vim.VimConnection;
import org.strata.vsphere.vim.VimElement;
import org.strata.vsphere.vim.VimFault;
import org.strata.vsphere.vim.VimTasks;
import org.strata.vsphere.vim.XmlNode;

/**
 * One ESX host, reached directly or through its vCenter. VMs are named by their BIOS UUID ({@code config.uuid}, as
 * libvirt's ESX driver does); the session remembers which managed object each UUID is, and looks it up again
 * ({@code SearchIndex.FindByUuid}) when the server no longer knows that object. Every vSphere task is waited for
 * before a method returns, so the platform's task ends when vSphere's does.
 */
final class EsxSession implements HypervisorSession {

    private static final String[] VM_PROPS = {
        "name",
        "config.uuid",
        "runtime.powerState",
        "config.hardware.numCPU",
        "config.hardware.memoryMB",
        "runtime.host"
    };
    private static final Duration TASK_LIMIT = Duration.ofMinutes(10);
    private static final Duration MIGRATION_LIMIT = Duration.ofHours(1);
    private static final long MIB = 1024L * 1024L;

    private final String driverId;
    private final EsxAddress address;
    private final VimConnection vim;
    private final Placement place;
    private final Map<String, MoRef> refs = new ConcurrentHashMap<>();
    private final UsageCounters counters = new UsageCounters();
    private final Set<EsxEvents> watches = ConcurrentHashMap.newKeySet();
    private volatile long cpuMhz;

    EsxSession(String driverId, EsxAddress address, VimConnection vim, Placement place) {
        this.driverId = driverId;
        this.address = address;
        this.vim = vim;
        this.place = place;
    }

    // ---- host

    @Override
    public HostFacts facts() {
        ObjectContent h = call(
                "read the host's facts",
                () -> vim.properties(
                        place.host(),
                        "name",
                        "summary.config.product.fullName",
                        "summary.config.product.version",
                        "summary.hardware.cpuModel",
                        "summary.hardware.numCpuThreads",
                        "summary.hardware.memorySize",
                        "hardware.numaInfo"));
        if (h == null) {
            throw new DriverException(Fault.UNREACHABLE, "host " + place.hostName() + " is gone from the server");
        }
        List<NumaCell> cells = new ArrayList<>();
        XmlNode numa = h.get("hardware.numaInfo");
        if (numa != null) {
            for (XmlNode node : numa.all("numaNode")) {
                cells.add(new NumaCell(
                        node.intAt("typeId", cells.size()),
                        node.all("cpuID").size(),
                        node.longAt("memoryRangeLength", 0)));
            }
        }
        // A standalone ESX host has no vMotion (that needs a vCenter managing both hosts) and no CloneVM_Task (a
        // vCenter operation: ESX answers NotSupported).
        Set<Capability> unavailable =
                address.vcenter() ? Set.of() : EnumSet.of(Capability.LIVE_MIGRATION, Capability.VM_CLONE);
        return new HostFacts(
                h.text("name"),
                "VMware ESX",
                h.text("summary.config.product.version"),
                h.text("summary.hardware.cpuModel"),
                (int) h.longValue("summary.hardware.numCpuThreads", 0),
                h.longValue("summary.hardware.memorySize", 0),
                cells,
                Set.of("hvm"),
                unavailable);
    }

    /**
     * What VMware Tools report in the VM's {@code guest} property; "no agent" with the reason for a VM that does not
     * run or whose Tools do not. Reading a property needs no guest credentials (unlike running programs in the guest,
     * which is why this driver has no {@code GUEST_EXEC}).
     */
    @Override
    public GuestInfo guestInfo(String vmId) {
        ObjectContent vm = vmProps(vmId, "guest");
        return ToolsGuestInfo.read(vm.text("runtime.powerState"), vm.get("guest"));
    }

    @Override
    public HostStats hostStats() {
        ObjectContent h = call(
                "read the host's statistics",
                () -> vim.properties(
                        place.host(),
                        "summary.quickStats.overallCpuUsage",
                        "summary.quickStats.overallMemoryUsage",
                        "summary.quickStats.uptime",
                        "summary.hardware.cpuMhz",
                        "summary.hardware.numCpuThreads",
                        "summary.hardware.memorySize"));
        int cpus = (int) h.longValue("summary.hardware.numCpuThreads", 1);
        long mhz = Math.max(1, h.longValue("summary.hardware.cpuMhz", 1));
        long memory = h.longValue("summary.hardware.memorySize", 0);
        double busy = h.longValue("summary.quickStats.overallCpuUsage", 0) / (double) (mhz * Math.max(1, cpus));
        long used = h.longValue("summary.quickStats.overallMemoryUsage", 0) * MIB;
        Instant now = Instant.now();
        UsageCounters.Sample s = counters.host(
                now,
                Math.min(1.0, busy),
                cpus,
                Duration.ofSeconds(Math.max(1, h.longValue("summary.quickStats.uptime", 1))));
        return new HostStats(now, cpus, s.busyNanos(), s.totalNanos(), memory, Math.max(0, memory - used));
    }

    // ---- VMs

    @Override
    public List<VmInfo> listVms() {
        List<ObjectContent> found = call(
                "list VMs",
                () -> vim.retrieve(VimElement.el(
                        "specSet",
                        VimElement.el(
                                "propSet",
                                VimElement.el("type", "VirtualMachine"),
                                VimElement.each("pathSet", List.of(VM_PROPS))),
                        VimElement.el(
                                "objectSet",
                                VimElement.el("obj", place.host()),
                                VimElement.el("skip", true),
                                VimElement.el(
                                                "selectSet",
                                                VimElement.el("name", "vms"),
                                                VimElement.el("type", "HostSystem"),
                                                VimElement.el("path", "vm"),
                                                VimElement.el("skip", false))
                                        .typed("TraversalSpec")))));
        List<VmInfo> out = new ArrayList<>(found.size());
        for (ObjectContent vm : found) {
            VmInfo info = info(vm);
            if (info != null) {
                refs.put(info.id(), vm.obj());
                out.add(info);
            }
        }
        return out;
    }

    @Override
    public VmInfo vm(String vmId) {
        return info(vmProps(vmId));
    }

    @Override
    public void start(String vmId) {
        taskOn("start VM " + vmId, "PowerOnVM_Task", ref(vmId));
    }

    @Override
    public void powerOff(String vmId) {
        taskOn("power off VM " + vmId, "PowerOffVM_Task", ref(vmId));
    }

    /** VMware Tools in the guest does the asking; without them ESX cannot ask, and says so (CONFLICT). */
    @Override
    public void shutdown(String vmId) {
        MoRef vm = ref(vmId);
        call("shut down VM " + vmId, () -> vim.invoke("ShutdownGuest", vm));
    }

    /** The guest restarts itself through VMware Tools; where the server cannot ask it, the VM is reset. */
    @Override
    public void reboot(String vmId) {
        MoRef vm = ref(vmId);
        try {
            vim.invoke("RebootGuest", vm);
        } catch (VimFault e) {
            if (!e.is("ToolsUnavailable")
                    && !e.is("NotImplemented")
                    && !e.is("MethodNotFound")
                    && !e.is("NotSupported")) {
                throw EsxFaults.map("reboot VM " + vmId, e);
            }
            taskOn("reset VM " + vmId, "ResetVM_Task", vm);
        }
    }

    /** vSphere's Reset: a hard restart, whatever the guest is doing. */
    @Override
    public void reset(String vmId) {
        ObjectContent vm = vmIn(vmId, "poweredOn", "be reset");
        taskOn("reset VM " + vmId, "ResetVM_Task", vm.obj());
    }

    /** vSphere suspends to disk; the VM then reads SUSPENDED, and powering it on resumes it. */
    @Override
    public void suspend(String vmId) {
        ObjectContent vm = vmIn(vmId, "poweredOn", "be suspended");
        taskOn("suspend VM " + vmId, "SuspendVM_Task", vm.obj());
    }

    @Override
    public void resume(String vmId) {
        ObjectContent vm = vmIn(vmId, "suspended", "be resumed");
        taskOn("resume VM " + vmId, "PowerOnVM_Task", vm.obj());
    }

    // ---- definition

    @Override
    public VmInfo define(VmSpec spec) {
        refuseWhatEsxLacks(spec);
        if (spec.uuid() != null && findByUuid(spec.uuid()) != null) {
            throw new DriverException(Fault.CONFLICT, "a VM with UUID " + spec.uuid() + " exists already");
        }
        // vCenter refuses a name twice in one folder (DuplicateName); checked first so that every server answers alike.
        XmlNode sameName = call(
                "look up VM " + spec.name(),
                () -> vim.invoke(
                        "FindChild",
                        vim.service("searchIndex"),
                        VimElement.el("entity", place.vmFolder()),
                        VimElement.el("name", spec.name())));
        if (sameName != null && sameName.moRef() != null) {
            throw new DriverException(Fault.CONFLICT, "a VM named " + spec.name() + " exists already");
        }
        String datastore = datastoreFor(spec);
        Devices.Layout none = new Devices.Layout(null);
        List<VimElement> changes = deviceChanges(none, spec.disks(), spec.nics());
        VimElement config = VimElement.el(
                "config",
                VimElement.el("name", spec.name()),
                VimElement.el("uuid", spec.uuid()),
                VimElement.el("guestId", "otherGuest64"),
                VimElement.el("files", VimElement.el("vmPathName", "[" + datastore + "]")),
                VimElement.el("numCPUs", spec.cpus()),
                VimElement.el("memoryMB", spec.memoryMb()),
                changes,
                Resources.cpu(spec.resources(), spec.cpus(), cpuMhz()),
                Resources.memory(spec.resources()));
        XmlNode created = task(
                "create VM " + spec.name(),
                call(
                        "create VM " + spec.name(),
                        () -> vim.invoke(
                                "CreateVM_Task",
                                place.vmFolder(),
                                config,
                                VimElement.el("pool", place.pool()),
                                VimElement.el("host", place.host()))));
        MoRef vm = created == null ? null : created.moRef();
        if (vm == null) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "the server created VM " + spec.name() + " but did not say which object it is");
        }
        try {
            if (!spec.bootOrder().isEmpty()) {
                setBootOrder(vm, spec.bootOrder());
            }
        } catch (DriverException e) {
            // All or nothing: a VM whose boot order could not be set is removed again.
            try {
                task("remove VM " + spec.name(), vim.invoke("Destroy_Task", vm));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        ObjectContent props = call("read VM " + spec.name(), () -> vim.properties(vm, VM_PROPS));
        VmInfo info = info(props);
        refs.put(info.id(), vm);
        return info;
    }

    @Override
    public VmInfo redefine(String vmId, VmSpec spec) {
        refuseWhatEsxLacks(spec);
        ObjectContent vm = vmIn(vmId, "poweredOff", "be redefined", "config.hardware.device");
        if (!spec.name().equals(vm.text("name"))) {
            throw new DriverException(
                    Fault.CONFLICT,
                    "a VM's name cannot change by redefinition (" + vm.text("name") + " -> " + spec.name() + ")");
        }
        Devices.Layout layout = new Devices.Layout(vm.get("config.hardware.device"));
        List<VimElement> changes = new ArrayList<>();
        // A wanted disk keeps a current one with the same device and source (and target, where it names one); the
        // current disks nobody keeps go, the wanted ones that keep none come. NICs alike, by MAC.
        List<DiskSpec> toAdd = new ArrayList<>(spec.disks());
        for (DiskSpec current : layout.disks()) {
            DiskSpec keeper = null;
            for (DiskSpec w : toAdd) {
                boolean sameTarget = w.target() == null
                        || Devices.Slot.of(w.target()).target().equals(current.target());
                if (sameTarget
                        && w.device() == current.device()
                        && java.util.Objects.equals(w.source(), current.source())) {
                    keeper = w;
                    break;
                }
            }
            if (keeper != null) {
                toAdd.remove(keeper);
            } else {
                changes.add(Devices.remove(layout.byTarget(current.target())));
            }
        }
        Set<String> macs = new HashSet<>();
        List<NicSpec> nicsToAdd = new ArrayList<>();
        for (NicSpec n : spec.nics()) {
            if (n.mac() != null && layout.byMac(n.mac()) != null) {
                macs.add(n.mac().toLowerCase(java.util.Locale.ROOT));
            } else {
                nicsToAdd.add(n);
            }
        }
        for (Devices.Device d : layout.all) {
            if (d.isNic() && !macs.contains(d.mac())) {
                changes.add(Devices.remove(d));
            }
        }
        changes.addAll(deviceChanges(layout, toAdd, nicsToAdd));
        VimElement config = VimElement.el(
                "spec",
                VimElement.el("numCPUs", spec.cpus()),
                VimElement.el("memoryMB", spec.memoryMb()),
                changes,
                Resources.cpu(spec.resources(), spec.cpus(), cpuMhz()),
                Resources.memory(spec.resources()));
        task(
                "redefine VM " + spec.name(),
                call("redefine VM " + spec.name(), () -> vim.invoke("ReconfigVM_Task", vm.obj(), config)));
        setBootOrder(vm.obj(), spec.bootOrder());
        return vm(vmId);
    }

    /**
     * Removes the VM from the inventory ({@code UnregisterVM}, vSphere's "Remove from Inventory"); its files stay on
     * the datastore, as the SPI asks (libvirt's undefine keeps disk images alike).
     */
    @Override
    public void undefine(String vmId) {
        ObjectContent vm = vmIn(vmId, "poweredOff", "be removed");
        call("remove VM " + vm.text("name"), () -> vim.invoke("UnregisterVM", vm.obj()));
        refs.remove(vmId);
    }

    @Override
    public VmSpec describe(String vmId) {
        ObjectContent vm = vmProps(
                vmId,
                "config.hardware.device",
                "config.bootOptions",
                "config.cpuAllocation",
                "config.memoryAllocation");
        Devices.Layout layout = new Devices.Layout(vm.get("config.hardware.device"));
        List<VmSpec.BootDevice> boot = new ArrayList<>();
        XmlNode options = vm.get("config.bootOptions");
        if (options != null) {
            for (XmlNode entry : options.all("bootOrder")) {
                String type = entry.xsiType() == null ? "" : entry.xsiType();
                VmSpec.BootDevice b = type.endsWith("DiskDevice")
                        ? VmSpec.BootDevice.DISK
                        : type.endsWith("CdromDevice")
                                ? VmSpec.BootDevice.CDROM
                                : type.endsWith("EthernetDevice") ? VmSpec.BootDevice.NETWORK : null;
                if (b != null && !boot.contains(b)) {
                    boot.add(b);
                }
            }
        }
        int vcpus = (int) vm.longValue("config.hardware.numCPU", 1);
        ResourceSettings resources =
                Resources.read(vm.get("config.cpuAllocation"), vm.get("config.memoryAllocation"), vcpus, cpuMhz());
        return new VmSpec(
                vm.text("name"),
                vm.text("config.uuid"),
                vcpus,
                vm.longValue("config.hardware.memoryMB", 0),
                VmSpec.GuestMode.HVM,
                layout.disks(),
                layout.nics(layout.onDistributedPortGroups() ? networkNames() : Map.of()),
                List.of(),
                boot,
                null,
                false,
                resources);
    }

    // ---- devices

    @Override
    public DiskSpec attachDisk(String vmId, DiskSpec disk) {
        ObjectContent vm = vmProps(vmId, "config.hardware.device");
        Devices.Layout layout = new Devices.Layout(vm.get("config.hardware.device"));
        String target = disk.target() == null
                ? layout.freeTarget(disk.device() == DiskSpec.Device.CDROM, Set.of())
                : Devices.Slot.of(disk.target()).target();
        if (layout.targets().contains(target)) {
            throw new DriverException(Fault.CONFLICT, "VM " + vm.text("name") + " already has a disk " + target);
        }
        DiskSpec placed = disk.withTarget(target);
        List<VimElement> changes = deviceChanges(layout, List.of(placed), List.of());
        reconfigure(vm, "attach disk " + target + " to", changes);
        return describe(vmId).disks().stream()
                .filter(d -> target.equals(d.target()))
                .findFirst()
                .orElse(placed);
    }

    @Override
    public void detachDisk(String vmId, String target) {
        detach(vmId, "disk " + target, layout -> layout.byTarget(target));
    }

    @Override
    public NicSpec attachNic(String vmId, NicSpec nic) {
        ObjectContent vm = vmProps(vmId, "config.hardware.device");
        Devices.Layout layout = new Devices.Layout(vm.get("config.hardware.device"));
        if (nic.mac() != null && layout.byMac(nic.mac()) != null) {
            throw new DriverException(Fault.CONFLICT, "VM " + vm.text("name") + " already has a card " + nic.mac());
        }
        Set<String> before = new HashSet<>();
        layout.all.stream().filter(Devices.Device::isNic).forEach(d -> before.add(d.mac()));
        reconfigure(vm, "attach a network card to", deviceChanges(layout, List.of(), List.of(nic)));
        for (NicSpec n : describe(vmId).nics()) {
            if (n.mac() != null && !before.contains(n.mac())) {
                return n;
            }
        }
        throw new DriverException(
                Fault.DRIVER_FAILURE, "the new network card of VM " + vm.text("name") + " did not appear");
    }

    @Override
    public void detachNic(String vmId, String mac) {
        detach(vmId, "network card " + mac, layout -> layout.byMac(mac));
    }

    /** Removes the device {@code find} picks; NOT_FOUND when it picks none. */
    private void detach(String vmId, String what, java.util.function.Function<Devices.Layout, Devices.Device> find) {
        ObjectContent vm = vmProps(vmId, "config.hardware.device");
        Devices.Device device = find.apply(new Devices.Layout(vm.get("config.hardware.device")));
        if (device == null) {
            throw new DriverException(Fault.NOT_FOUND, "VM " + vm.text("name") + " has no " + what);
        }
        reconfigure(vm, "detach " + what + " from", List.of(Devices.remove(device)));
    }

    // ---- resources and monitoring

    /**
     * Null fields keep their values: the current ones are read and written back with the new (vSphere servers
     * differ on whether an unset field in a reconfiguration means "keep" or "default").
     */
    @Override
    public void applyResources(String vmId, ResourceSettings settings) {
        ObjectContent vm = vmProps(vmId, "config.cpuAllocation", "config.memoryAllocation");
        int vcpus = (int) vm.longValue("config.hardware.numCPU", 1);
        long mhz = cpuMhz();
        ResourceSettings merged = Resources.merge(
                settings,
                Resources.read(vm.get("config.cpuAllocation"), vm.get("config.memoryAllocation"), vcpus, mhz));
        VimElement spec = VimElement.el("spec", Resources.cpu(merged, vcpus, mhz), Resources.memory(merged));
        task(
                "set resources of VM " + vm.text("name"),
                call("set resources of VM " + vm.text("name"), () -> vim.invoke("ReconfigVM_Task", vm.obj(), spec)));
    }

    /**
     * vSphere's quick statistics are rates (MHz in use now), not counters; the session sums them over time into
     * the CPU-time counter the SPI asks for. Disk and network byte counters need the performance manager's
     * real-time samples, which this driver does not read yet: they stay 0.
     */
    @Override
    public VmStats vmStats(String vmId) {
        ObjectContent vm = vmProps(vmId, "summary.quickStats.overallCpuUsage", "summary.quickStats.guestMemoryUsage");
        int vcpus = (int) vm.longValue("config.hardware.numCPU", 1);
        Instant now = Instant.now();
        if (!"poweredOn".equals(vm.text("runtime.powerState"))) {
            counters.forget(vmId);
            return new VmStats(now, vcpus, 0, 0, 0, 0, 0, 0);
        }
        double cpus = vm.longValue("summary.quickStats.overallCpuUsage", 0) / (double) cpuMhz();
        long cpuNanos = counters.vm(vmId, now, cpus);
        return new VmStats(
                now, vcpus, cpuNanos, vm.longValue("summary.quickStats.guestMemoryUsage", 0) * MIB, 0, 0, 0, 0);
    }

    // ---- snapshots and clones

    @Override
    public List<SnapshotInfo> snapshots(String vmId) {
        return SnapshotTree.of(vmProps(vmId, "snapshot").get("snapshot")).infos();
    }

    /**
     * Memory and quiescing are asked for a running VM only: a stopped VM has neither memory to keep nor a guest to
     * freeze. Quiescing needs VMware Tools in the guest; where they do not answer, the snapshot is taken again
     * without, and reads {@code quiesced=false}.
     */
    @Override
    public SnapshotInfo createSnapshot(String vmId, SnapshotSpec spec) {
        ObjectContent vm = vmProps(vmId, "snapshot");
        String name = vm.text("name");
        // ESX allows a name twice per VM; Strata names snapshots by name, so it does not.
        if (SnapshotTree.of(vm.get("snapshot")).has(spec.name())) {
            throw new DriverException(Fault.CONFLICT, "VM " + name + " has a snapshot " + spec.name() + " already");
        }
        boolean running = "poweredOn".equals(vm.text("runtime.powerState"));
        boolean memory = spec.withMemory() && running;
        boolean quiesce = spec.quiesce() && running;
        String doing = "take snapshot " + spec.name() + " of VM " + name;
        XmlNode taken;
        try {
            taken = takeSnapshot(vm.obj(), spec, memory, quiesce);
        } catch (VimFault e) {
            if (!quiesce || !quiesceFailed(e)) {
                throw EsxFaults.map(doing, e);
            }
            try {
                taken = takeSnapshot(vm.obj(), spec, memory, false);
            } catch (VimFault again) {
                again.addSuppressed(e);
                throw EsxFaults.map(doing + " (unquiesced, as the guest could not be quiesced)", again);
            }
        }
        MoRef ref = taken == null ? null : taken.moRef();
        SnapshotTree tree =
                SnapshotTree.of(call("read the snapshots of VM " + name, () -> vim.properties(vm.obj(), "snapshot"))
                        .get("snapshot"));
        for (SnapshotTree.Node n : tree.nodes()) {
            if (ref != null ? ref.equals(n.ref()) : n.info().current()) {
                return n.info();
            }
        }
        throw new DriverException(Fault.DRIVER_FAILURE, doing + ": the server took it but does not list it");
    }

    private XmlNode takeSnapshot(MoRef vm, SnapshotSpec spec, boolean memory, boolean quiesce) {
        XmlNode started = vim.invoke(
                "CreateSnapshot_Task",
                vm,
                VimElement.el("name", spec.name()),
                VimElement.el("description", spec.description()),
                VimElement.el("memory", memory),
                VimElement.el("quiesce", quiesce));
        if (started == null || started.moRef() == null) {
            throw new DriverException(Fault.DRIVER_FAILURE, "taking a snapshot: the server answered no task");
        }
        return VimTasks.await(vim, started.moRef(), VimTasks.Watcher.NONE, TASK_LIMIT);
    }

    /**
     * Whether a snapshot failed because the guest could not be quiesced: VMware Tools are not running, or they did
     * not freeze the file systems in time (ESX then reports a SnapshotFault that says "quiesc...").
     */
    private static boolean quiesceFailed(VimFault e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return e.is("ToolsUnavailable")
                || e.is("ApplicationQuiesceFault")
                || e.is("GuestOperationsUnavailable")
                || message.contains("quiesc")
                || message.contains("vmware tools");
    }

    /**
     * vSphere's revert already leaves the VM as the snapshot's state says, but not every server does (vcsim 0.24 moves
     * only the current snapshot): the driver then brings the power state there itself, so that the SPI's promise holds
     * on both: running after a memory snapshot of a running VM, off after a disk-only one.
     */
    @Override
    public void revertToSnapshot(String vmId, String snapshot) {
        ObjectContent vm = vmProps(vmId, "snapshot");
        String name = vm.text("name");
        SnapshotTree.Node node = SnapshotTree.of(vm.get("snapshot")).named(name, snapshot);
        taskOn("revert VM " + name + " to snapshot " + snapshot, "RevertToSnapshot_Task", node.ref());
        String now = call("read VM " + name, () -> vim.properties(vm.obj(), "runtime.powerState"))
                .text("runtime.powerState");
        VmInfo.PowerState wanted = node.info().state();
        if (wanted == VmInfo.PowerState.STOPPED && !"poweredOff".equals(now)) {
            taskOn("power off VM " + name + " after its revert to a disk-only snapshot", "PowerOffVM_Task", vm.obj());
        } else if (wanted == VmInfo.PowerState.RUNNING && !"poweredOn".equals(now)) {
            taskOn("power on VM " + name + " after its revert to a memory snapshot", "PowerOnVM_Task", vm.obj());
        }
    }

    /** {@code removeChildren=false}: vSphere consolidates the snapshot into its children, which move to its parent. */
    @Override
    public void deleteSnapshot(String vmId, String snapshot) {
        ObjectContent vm = vmProps(vmId, "snapshot");
        String name = vm.text("name");
        SnapshotTree.Node node = SnapshotTree.of(vm.get("snapshot")).named(name, snapshot);
        taskOn(
                "delete snapshot " + snapshot + " of VM " + name,
                "RemoveSnapshot_Task",
                node.ref(),
                VimElement.el("removeChildren", false));
    }

    /**
     * {@code CloneVM_Task} into the source's folder, resource pool, host and datastore, powered off, every card with a
     * new generated MAC address. A linked clone shares the disks of a snapshot ({@code createNewChildDiskBacking}):
     * the named one, or the current one; vSphere has no linked clone of a VM's running state.
     */
    @Override
    public VmInfo cloneVm(String vmId, CloneSpec spec) {
        if (!address.vcenter()) {
            throw new DriverException(Fault.UNSUPPORTED, "cloning a VM needs a vCenter (vpx://): ESX alone cannot");
        }
        ObjectContent vm = vmProps(
                vmId, "parent", "resourcePool", "config.files.vmPathName", "config.hardware.device", "snapshot");
        String name = vm.text("name");
        // A VM in a vApp has no folder (its parent is the vApp): its clone goes to the datacenter's VM folder.
        MoRef folder = vm.ref("parent") != null ? vm.ref("parent") : place.vmFolder();
        XmlNode sameName = call(
                "look up VM " + spec.name(),
                () -> vim.invoke(
                        "FindChild",
                        vim.service("searchIndex"),
                        VimElement.el("entity", folder),
                        VimElement.el("name", spec.name())));
        if (sameName != null && sameName.moRef() != null) {
            throw new DriverException(Fault.CONFLICT, "a VM named " + spec.name() + " exists already");
        }
        MoRef snapshot = null;
        if (spec.linked()) {
            SnapshotTree tree = SnapshotTree.of(vm.get("snapshot"));
            if (spec.snapshot() != null) {
                snapshot = tree.named(name, spec.snapshot()).ref();
            } else if (tree.current() != null) {
                snapshot = tree.current().ref();
            } else {
                throw new DriverException(
                        Fault.CONFLICT,
                        "a linked clone shares the disks of a snapshot, and VM " + name + " has none: take one first");
            }
        }
        MoRef datastore = datastoreOf(vm.text("config.files.vmPathName"));
        List<VimElement> newMacs = new ArrayList<>();
        for (Devices.Device d : new Devices.Layout(vm.get("config.hardware.device")).all) {
            if (d.isNic()) {
                newMacs.add(Devices.freshMac(d));
            }
        }
        MoRef pool = vm.ref("resourcePool");
        VimElement cloneSpec = VimElement.el(
                "spec",
                VimElement.el(
                        "location",
                        VimElement.ref("datastore", datastore),
                        spec.linked() ? VimElement.el("diskMoveType", "createNewChildDiskBacking") : null,
                        VimElement.ref("pool", pool != null ? pool : place.pool()),
                        VimElement.el("host", place.host())),
                VimElement.el("template", false),
                newMacs.isEmpty() ? null : VimElement.el("config", newMacs),
                VimElement.el("powerOn", false),
                VimElement.ref("snapshot", snapshot));
        String doing = (spec.linked() ? "linked-clone" : "clone") + " VM " + name + " as " + spec.name();
        XmlNode created = task(
                doing,
                call(
                        doing,
                        () -> vim.invoke(
                                "CloneVM_Task",
                                vm.obj(),
                                VimElement.el("folder", folder),
                                VimElement.el("name", spec.name()),
                                cloneSpec)));
        MoRef clone = created == null ? null : created.moRef();
        if (clone == null) {
            throw new DriverException(Fault.DRIVER_FAILURE, doing + ": the server did not say which object it made");
        }
        VmInfo info = info(call("read VM " + spec.name(), () -> vim.properties(clone, VM_PROPS)));
        refs.put(info.id(), clone);
        return info;
    }

    /** The datastore a VM's files are on ("[LocalDS_0] web/web.vmx"), among this host's; null to let vSphere pick. */
    private MoRef datastoreOf(String vmPathName) {
        if (vmPathName == null || !vmPathName.startsWith("[") || vmPathName.indexOf(']') < 2) {
            return null;
        }
        String ds = vmPathName.substring(1, vmPathName.indexOf(']'));
        for (ObjectContent d : datastores()) {
            if (ds.equals(d.text("summary.name"))) {
                return d.obj();
            }
        }
        return null;
    }

    // ---- migration

    /**
     * vMotion between two hosts of one vCenter ({@code RelocateVM_Task}); progress is the task's, and cancelling
     * cancels the task. Between vCenters, or from a standalone ESX host, there is no vMotion here.
     */
    @Override
    public VmInfo migrate(String vmId, Endpoint destination, MigrationMonitor monitor) {
        EsxAddress to = EsxAddress.parse(destination.address());
        if (!address.vcenter() || !to.vcenter()) {
            throw new DriverException(Fault.UNSUPPORTED, "vMotion needs both hosts managed by one vCenter (vpx://)");
        }
        if (!address.sameServer(to)) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "vMotion between vCenters (" + address.sdk().getAuthority() + " -> "
                            + to.sdk().getAuthority() + ") is not supported");
        }
        ObjectContent vm = vmProps(vmId);
        Placement target = call("find the destination host", () -> Placement.resolve(vim, to));
        if (target.host().equals(place.host())) {
            throw new DriverException(
                    Fault.CONFLICT, "VM " + vm.text("name") + " is on " + target.hostName() + " already");
        }
        monitor.progress(0, "vMotion of " + vm.text("name") + " to " + target.hostName());
        XmlNode relocate = call(
                "migrate VM " + vm.text("name"),
                () -> vim.invoke(
                        "RelocateVM_Task",
                        vm.obj(),
                        VimElement.el(
                                "spec", VimElement.el("pool", target.pool()), VimElement.el("host", target.host())),
                        VimElement.el("priority", "defaultPriority")));
        try {
            VimTasks.await(
                    vim,
                    relocate.moRef(),
                    new VimTasks.Watcher() {
                        @Override
                        public void progress(int percent) {
                            monitor.progress(
                                    percent,
                                    "vMotion of " + vm.text("name") + " to " + target.hostName() + ": " + percent
                                            + " %");
                        }

                        @Override
                        public boolean cancelled() {
                            return monitor.cancelled();
                        }
                    },
                    MIGRATION_LIMIT);
        } catch (VimFault e) {
            if (e.is("RequestCanceled")) {
                throw new DriverException(
                        Fault.CONFLICT, "the migration of VM " + vm.text("name") + " was cancelled", e);
            }
            throw EsxFaults.map("migrate VM " + vm.text("name") + " to " + target.hostName(), e);
        }
        refs.remove(vmId);
        monitor.progress(100, "VM " + vm.text("name") + " runs on " + target.hostName());
        return info(call("read VM " + vm.text("name"), () -> vim.properties(vm.obj(), VM_PROPS)));
    }

    @Override
    public AutoCloseable watch(Consumer<VmEvent> listener) {
        EsxEvents events =
                call("subscribe to VM events", () -> EsxEvents.start(vim, place.host(), place.hostName(), listener));
        watches.add(events);
        return () -> {
            watches.remove(events);
            events.close();
        };
    }

    @Override
    public void close() {
        for (EsxEvents w : watches) {
            w.close();
        }
        watches.clear();
        vim.close();
    }

    // ---- helpers

    /** What the neutral spec may ask and ESX cannot give: said up front, never silently dropped. */
    private void refuseWhatEsxLacks(VmSpec spec) {
        if (spec.guestMode() == VmSpec.GuestMode.PV) {
            throw DriverException.unsupported(driverId, "paravirtualised (PV) guests: ESX runs HVM guests");
        }
        if (!spec.pciDevices().isEmpty()) {
            throw DriverException.unsupported(driverId, "PCI pass-through (DirectPath I/O)");
        }
        if (spec.graphics() != null) {
            throw DriverException.unsupported(
                    driverId, "VNC or SPICE consoles: ESX gives the console through " + "the vSphere client (WebMKS)");
        }
        if (spec.serialNumber() != null) {
            // vSphere derives the SMBIOS serial from the VM's BIOS UUID; it cannot be given text.
            throw DriverException.unsupported(driverId, "a serial number of the VM's own (SMBIOS)");
        }
        if (spec.serialConsole()) {
            throw DriverException.unsupported(driverId, "serial consoles");
        }
        for (NicSpec n : spec.nics()) {
            if (n.attachment() == NicSpec.Attachment.USER) {
                throw DriverException.unsupported(driverId, "user-mode networking: ESX plugs cards into port groups");
            }
        }
    }

    /**
     * The device changes that add these disks, CD-ROMs and cards to a VM that has {@code layout}: SCSI controllers
     * where a disk needs one that is not there yet, then the devices, with temporary negative keys.
     */
    private List<VimElement> deviceChanges(Devices.Layout layout, List<DiskSpec> disks, List<NicSpec> nics) {
        List<VimElement> changes = new ArrayList<>();
        Map<Integer, Integer> newControllers = new HashMap<>();
        Set<String> taken = new HashSet<>();
        int key = -100;
        for (DiskSpec d : disks) {
            boolean cdrom = d.device() == DiskSpec.Device.CDROM;
            String target = d.target() != null ? Devices.Slot.of(d.target()).target() : layout.freeTarget(cdrom, taken);
            if (!taken.add(target)) {
                throw new DriverException(Fault.CONFLICT, "two disks want the place " + target);
            }
            Devices.Slot slot = Devices.Slot.of(target);
            if (cdrom != slot.ide()) {
                throw DriverException.unsupported(
                        driverId,
                        cdrom
                                ? "CD-ROM drives off the IDE bus (hda to hdd)"
                                : "disks on the IDE bus; use SCSI targets (sda, sdb, ...)");
            }
            int controllerKey;
            if (slot.ide()) {
                controllerKey = slot.bus() == 0 ? Devices.IDE_0 : Devices.IDE_1;
            } else {
                Devices.Device existing = layout.scsiController(slot.bus());
                if (existing != null) {
                    controllerKey = existing.key();
                } else {
                    Integer pending = newControllers.get(slot.bus());
                    if (pending == null) {
                        pending = key--;
                        newControllers.put(slot.bus(), pending);
                        changes.add(Devices.add(
                                Devices.scsiController(pending, slot.bus(), d.bus() == DiskSpec.Bus.VIRTIO)));
                    }
                    controllerKey = pending;
                }
            }
            changes.add(Devices.add(
                    cdrom
                            ? Devices.cdrom(key--, controllerKey, slot.unit(), d.source())
                            : Devices.disk(key--, controllerKey, slot.unit(), d)));
        }
        if (!nics.isEmpty()) {
            Map<String, Devices.Network> networks = networks(true);
            for (NicSpec n : nics) {
                Devices.Network network = networks.get(n.source());
                if (network == null) {
                    throw new DriverException(
                            Fault.NOT_FOUND,
                            "host " + place.hostName() + " has no network '" + n.source() + "'; it has: "
                                    + String.join(", ", new java.util.TreeSet<>(networks.keySet())));
                }
                changes.add(Devices.add(Devices.nic(key--, n, network)));
            }
        }
        return changes;
    }

    private void setBootOrder(MoRef vm, List<VmSpec.BootDevice> order) {
        ObjectContent props = call("read VM devices", () -> vim.properties(vm, "config.hardware.device"));
        Devices.Layout layout = new Devices.Layout(props.get("config.hardware.device"));
        List<VimElement> entries = new ArrayList<>();
        for (VmSpec.BootDevice b : order) {
            switch (b) {
                case CDROM ->
                    entries.add(VimElement.el("bootOrder").typed("VirtualMachineBootOptionsBootableCdromDevice"));
                case DISK ->
                    entries.add(VimElement.el("bootOrder", VimElement.el("deviceKey", firstKey(layout, "disk")))
                            .typed("VirtualMachineBootOptionsBootableDiskDevice"));
                case NETWORK ->
                    entries.add(VimElement.el("bootOrder", VimElement.el("deviceKey", firstKey(layout, "network card")))
                            .typed("VirtualMachineBootOptionsBootableEthernetDevice"));
                default -> throw new IllegalStateException(b.name());
            }
        }
        VimElement spec = VimElement.el("spec", VimElement.el("bootOptions", entries));
        task("set the boot order", call("set the boot order", () -> vim.invoke("ReconfigVM_Task", vm, spec)));
    }

    private static int firstKey(Devices.Layout layout, String what) {
        for (Devices.Device d : layout.all) {
            if (what.equals("disk") ? d.isDisk() : d.isNic()) {
                return d.key();
            }
        }
        throw new DriverException(Fault.CONFLICT, "the VM has no " + what + " to boot from");
    }

    private void reconfigure(ObjectContent vm, String doing, List<VimElement> changes) {
        VimElement spec = VimElement.el("spec", changes);
        String what = doing + " VM " + vm.text("name");
        task(what, call(what, () -> vim.invoke("ReconfigVM_Task", vm.obj(), spec)));
    }

    /** The VM's standard properties and {@code extra} ones; NOT_FOUND when it is not on this host. */
    private ObjectContent vmProps(String vmId, String... extra) {
        String[] paths = new String[VM_PROPS.length + extra.length];
        System.arraycopy(VM_PROPS, 0, paths, 0, VM_PROPS.length);
        System.arraycopy(extra, 0, paths, VM_PROPS.length, extra.length);
        MoRef ref = refs.get(vmId);
        ObjectContent vm = null;
        if (ref != null) {
            MoRef known = ref;
            try {
                vm = vim.properties(known, paths);
            } catch (VimFault e) {
                if (!e.is("ManagedObjectNotFound")) {
                    throw EsxFaults.map("read VM " + vmId, e);
                }
            }
        }
        if (vm == null || !vmId.equals(vm.text("config.uuid"))) {
            refs.remove(vmId);
            MoRef found = findByUuid(vmId);
            if (found != null) {
                vm = call("read VM " + vmId, () -> vim.properties(found, paths));
            }
        }
        if (vm == null || !place.host().equals(vm.ref("runtime.host"))) {
            throw new DriverException(Fault.NOT_FOUND, "host " + place.hostName() + " has no VM " + vmId);
        }
        refs.put(vmId, vm.obj());
        return vm;
    }

    /** Like {@link #vmProps}, and CONFLICT unless the VM's power state is {@code state}. */
    private ObjectContent vmIn(String vmId, String state, String toDo, String... extra) {
        ObjectContent vm = vmProps(vmId, extra);
        if (!state.equals(vm.text("runtime.powerState"))) {
            throw new DriverException(
                    Fault.CONFLICT,
                    "VM " + vm.text("name") + " must be " + state + " to " + toDo + ", but is "
                            + vm.text("runtime.powerState"));
        }
        return vm;
    }

    private MoRef ref(String vmId) {
        return vmProps(vmId).obj();
    }

    private MoRef findByUuid(String uuid) {
        XmlNode found = call(
                "look up VM " + uuid,
                () -> vim.invoke(
                        "FindByUuid",
                        vim.service("searchIndex"),
                        VimElement.el("datacenter", place.datacenter()),
                        VimElement.el("uuid", uuid),
                        VimElement.el("vmSearch", true),
                        VimElement.el("instanceUuid", false)));
        return found == null ? null : found.moRef();
    }

    private static VmInfo info(ObjectContent vm) {
        String uuid = vm.text("config.uuid");
        if (uuid == null) {
            return null; // an inaccessible VM (its files are gone): it has no configuration to show
        }
        VmInfo.PowerState state = switch (String.valueOf(vm.text("runtime.powerState"))) {
            case "poweredOn" -> VmInfo.PowerState.RUNNING;
            case "poweredOff" -> VmInfo.PowerState.STOPPED;
            case "suspended" -> VmInfo.PowerState.SUSPENDED;
            default -> VmInfo.PowerState.UNKNOWN;
        };
        return new VmInfo(
                uuid,
                vm.text("name"),
                state,
                (int) vm.longValue("config.hardware.numCPU", 0),
                vm.longValue("config.hardware.memoryMB", 0) * MIB);
    }

    /** The host's CPU clock, read once: resource percentages are converted with it on every describe. */
    private long cpuMhz() {
        long mhz = cpuMhz;
        if (mhz == 0) {
            ObjectContent h =
                    call("read the host's CPU speed", () -> vim.properties(place.host(), "summary.hardware.cpuMhz"));
            mhz = Math.max(1, h == null ? 1 : h.longValue("summary.hardware.cpuMhz", 1));
            cpuMhz = mhz;
        }
        return mhz;
    }

    /** The datastore of the first disk, else the host's datastore with the most free space. */
    private String datastoreFor(VmSpec spec) {
        for (DiskSpec d : spec.disks()) {
            if (d.source() != null && d.source().startsWith("[") && d.source().indexOf(']') > 1) {
                return d.source().substring(1, d.source().indexOf(']'));
            }
        }
        String best = null;
        long free = -1;
        for (ObjectContent ds : datastores()) {
            if ("false".equals(ds.text("summary.accessible"))) {
                continue;
            }
            long f = ds.longValue("summary.freeSpace", 0);
            if (f > free) {
                free = f;
                best = ds.text("summary.name");
            }
        }
        if (best == null) {
            throw new DriverException(Fault.CONFLICT, "host " + place.hostName() + " has no datastore for VM files");
        }
        return best;
    }

    private List<ObjectContent> datastores() {
        return Datastores.of(vim, place.host());
    }

    /**
     * The networks VMs on this host can use, by name: standard and distributed port groups.
     *
     * @param switches whether to read the distributed switches' UUIDs (a request per switch), which only a new
     *                 card on a distributed port group needs
     */
    private Map<String, Devices.Network> networks(boolean switches) {
        List<ObjectContent> found = call(
                "list networks",
                () -> vim.retrieve(VimElement.el(
                        "specSet",
                        VimElement.el("propSet", VimElement.el("type", "Network"), VimElement.el("pathSet", "name")),
                        VimElement.el(
                                "propSet",
                                VimElement.el("type", "DistributedVirtualPortgroup"),
                                VimElement.el("pathSet", "name"),
                                VimElement.el("pathSet", "key"),
                                VimElement.el("pathSet", "config.distributedVirtualSwitch")),
                        VimElement.el(
                                "objectSet",
                                VimElement.el("obj", place.host()),
                                VimElement.el("skip", true),
                                VimElement.el(
                                                "selectSet",
                                                VimElement.el("name", "net"),
                                                VimElement.el("type", "HostSystem"),
                                                VimElement.el("path", "network"),
                                                VimElement.el("skip", false))
                                        .typed("TraversalSpec")))));
        Map<String, Devices.Network> out = new HashMap<>();
        Map<MoRef, String> switchUuids = new HashMap<>();
        for (ObjectContent n : found) {
            MoRef dvs = n.ref("config.distributedVirtualSwitch");
            String switchUuid = null;
            if (dvs != null && switches) {
                switchUuid = switchUuids.computeIfAbsent(
                        dvs,
                        s -> call("read a distributed switch", () -> vim.properties(s, "uuid"))
                                .text("uuid"));
            }
            out.put(
                    n.text("name"),
                    new Devices.Network(
                            n.text("name"),
                            dvs == null ? n.obj() : new MoRef("DistributedVirtualPortgroup", n.text("key")),
                            switchUuid));
        }
        return out;
    }

    private Map<MoRef, String> networkNames() {
        Map<MoRef, String> out = new HashMap<>();
        for (Devices.Network n : networks(false).values()) {
            out.put(n.ref(), n.name());
        }
        return out;
    }

    /** Waits for a vSphere task a method answered; its result, or its fault in the SPI's words. */
    private XmlNode task(String doing, XmlNode taskRef) {
        if (taskRef == null || taskRef.moRef() == null) {
            throw new DriverException(Fault.DRIVER_FAILURE, doing + ": the server answered no task");
        }
        try {
            return VimTasks.await(vim, taskRef.moRef(), VimTasks.Watcher.NONE, TASK_LIMIT);
        } catch (VimFault e) {
            throw EsxFaults.map(doing, e);
        }
    }

    private void taskOn(String doing, String method, MoRef self, Object... params) {
        task(doing, call(doing, () -> vim.invoke(method, self, params)));
    }

    private static <T> T call(String doing, Supplier<T> work) {
        try {
            return work.get();
        } catch (VimFault e) {
            throw EsxFaults.map(doing, e);
        }
    }
}
