package org.strata.libvirt.support;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.DomainJobInfo;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.libvirt.event.DomainEvent;
import org.libvirt.event.DomainEventType;
import org.libvirt.event.LifecycleListener;
import org.libvirt.jna.DomainPointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.ConsoleInfo;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GuestCommand;
import org.strata.spi.hypervisor.GuestCommandResult;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HostStats;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.MigrationMonitor;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.SnapshotInfo;
import org.strata.spi.hypervisor.SnapshotSpec;
import org.strata.spi.hypervisor.VmEvent;
import org.strata.spi.hypervisor.VmInfo;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.hypervisor.VmSpec.GuestMode;
import org.strata.spi.hypervisor.VmStats;
import org.w3c.dom.Element;

/**
 * The whole SPI 1.1 hypervisor contract over one libvirt connection. libvirt connections are thread-safe, and
 * the only state of our own is the set of event subscriptions, so the session is too. State is checked before a
 * power operation so that "already running" is a CONFLICT with a plain message on every libvirt driver.
 */
final class LibvirtSession implements HypervisorSession {

    private static final Logger LOG = LoggerFactory.getLogger(LibvirtSession.class);

    private static final int XML_INACTIVE = Domain.XMLFlags.INACTIVE;
    private static final int XML_INACTIVE_SECURE = Domain.XMLFlags.INACTIVE | Domain.XMLFlags.SECURE;
    private static final long MIGRATION_POLL_MILLIS = 200;

    private final LibvirtConnector connector;
    private final DomainFlavour flavour;
    private final String id;
    private final LibvirtConnection connect;
    private final URI uri;
    private final HostCapabilities caps;
    private final EventLoop eventLoop;
    private final Set<LifecycleListener> listeners = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LibvirtSnapshots snapshots;
    private final QemuGuestAgent agent = new QemuGuestAgent();

    LibvirtSession(
            LibvirtConnector connector,
            LibvirtConnection connect,
            URI uri,
            HostCapabilities caps,
            EventLoop eventLoop) {
        this.connector = connector;
        this.flavour = connector.flavour();
        this.id = flavour.driverId();
        this.connect = connect;
        this.uri = uri;
        this.caps = caps;
        this.eventLoop = eventLoop;
        this.snapshots = new LibvirtSnapshots(id);
    }

    // ---- host

    @Override
    public HostFacts facts() {
        return call("read host facts", () -> {
            NodeInfo node = connect.nodeInfo();
            return new HostFacts(
                    connect.getHostName(),
                    connect.getType(),
                    versionString(connect.getVersion()),
                    node.model,
                    node.cpus,
                    node.memory * 1024L,
                    caps.cells(),
                    flavour.guestTypes(caps),
                    unavailable());
        });
    }

    /**
     * What this host cannot do although the driver can: the test driver neither migrates nor hot-plugs, and has no
     * guest agent pass-through.
     */
    Set<Capability> unavailable() {
        Set<Capability> result = EnumSet.noneOf(Capability.class);
        if (LibvirtConnector.isTest(uri)) {
            result.add(Capability.LIVE_MIGRATION);
            result.add(Capability.DEVICE_HOTPLUG);
            result.add(Capability.GUEST_EXEC);
        }
        if (!caps.iommu()) {
            result.add(Capability.PCI_PASSTHROUGH);
        }
        result.addAll(flavour.unavailable(uri, caps));
        return result;
    }

    @Override
    public List<VmInfo> listVms() {
        return call("list virtual machines", () -> {
            List<VmInfo> vms = new ArrayList<>();
            for (Domain domain : connect.listAllDomains(0)) {
                try {
                    vms.add(info(domain));
                } catch (LibvirtException e) {
                    // undefined between listing and reading: not there any more
                    if (LibvirtFaults.code(e) != ErrorNumber.VIR_ERR_NO_DOMAIN) {
                        throw e;
                    }
                }
            }
            return vms;
        });
    }

    @Override
    public VmInfo vm(String vmId) {
        return call("read virtual machine " + vmId, () -> info(domain(vmId)));
    }

    // ---- lifecycle

    @Override
    public void start(String vmId) {
        call("start " + vmId, () -> {
            Domain domain = domain(vmId);
            if (domain.isActive() == 1) {
                throw conflict(vmId, "is already running");
            }
            try {
                domain.create();
            } catch (LibvirtException e) {
                DriverException lease = LibvirtFaults.leaseRefusal(id, "start " + vmId, LibvirtFaults.reason(e));
                if (lease != null) {
                    throw lease;
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public void shutdown(String vmId) {
        call("shut down " + vmId, () -> {
            requireActive(domain(vmId), vmId).shutdown();
            return null;
        });
    }

    @Override
    public void powerOff(String vmId) {
        call("power off " + vmId, () -> {
            requireActive(domain(vmId), vmId).destroy();
            return null;
        });
    }

    @Override
    public void reboot(String vmId) {
        call("reboot " + vmId, () -> {
            requireActive(domain(vmId), vmId).reboot(0);
            return null;
        });
    }

    @Override
    public void reset(String vmId) {
        call("reset " + vmId, () -> {
            requireActive(domain(vmId), vmId).reset();
            return null;
        });
    }

    @Override
    public void suspend(String vmId) {
        call("suspend " + vmId, () -> {
            Domain domain = requireActive(domain(vmId), vmId);
            if (domain.getInfo().state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
                throw conflict(vmId, "is already paused");
            }
            domain.suspend();
            return null;
        });
    }

    @Override
    public void resume(String vmId) {
        call("resume " + vmId, () -> {
            Domain domain = requireActive(domain(vmId), vmId);
            if (domain.getInfo().state != DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
                throw conflict(vmId, "is not paused");
            }
            domain.resume();
            return null;
        });
    }

    // ---- definition

    @Override
    public VmInfo define(VmSpec spec) {
        return call("define " + spec.name(), () -> {
            requireMode(spec.guestMode());
            // Checked first because libvirt takes a definition with the UUID and name of an existing domain as a
            // change of that domain, not as a clash.
            if (spec.uuid() != null && exists(() -> connect.domainLookupByUUIDString(spec.uuid()))) {
                throw new DriverException(
                        Fault.CONFLICT, id + ": a virtual machine with UUID " + spec.uuid() + " exists already");
            }
            String xml = DomainXml.toXml(spec, flavour, flavour.domainType(caps, spec.guestMode()));
            ensureSecrets(spec);
            try {
                return info(connect.domainDefineXML(xml));
            } catch (LibvirtException e) {
                // A name in use with another UUID is refused by libvirt; said in Strata's words, looked up only
                // then (one round trip less for every define that succeeds).
                if (open() && exists(() -> connect.domainLookupByName(spec.name()))) {
                    throw new DriverException(
                            Fault.CONFLICT, id + ": a virtual machine named '" + spec.name() + "' exists already");
                }
                throw e;
            }
        });
    }

    @Override
    public VmInfo redefine(String vmId, VmSpec spec) {
        return call("redefine " + vmId, () -> {
            requireMode(spec.guestMode());
            Domain domain = domain(vmId);
            if (domain.isActive() == 1) {
                throw conflict(vmId, "runs; stop it before changing its definition");
            }
            if ((spec.uuid() != null && !spec.uuid().equalsIgnoreCase(domain.getUUIDString()))
                    || !spec.name().equals(domain.getName())) {
                throw new DriverException(
                        Fault.CONFLICT,
                        id + ": the spec's name and UUID must be those of " + vmId + " (" + domain.getName() + ")");
            }
            String type = HardenedDom.parse(domain.getXMLDesc(XML_INACTIVE))
                    .getDocumentElement()
                    .getAttribute("type");
            String xml = DomainXml.toXml(spec.withUuid(domain.getUUIDString()), flavour, type);
            ensureSecrets(spec);
            return info(connect.domainDefineXML(xml));
        });
    }

    @Override
    public void undefine(String vmId) {
        call("undefine " + vmId, () -> {
            Domain domain = domain(vmId);
            if (domain.isActive() == 1) {
                throw conflict(vmId, "runs; stop it before undefining it");
            }
            domain.undefine();
            return null;
        });
    }

    @Override
    public VmSpec describe(String vmId) {
        return call("describe " + vmId, () -> DomainXml.fromXml(domain(vmId).getXMLDesc(XML_INACTIVE)));
    }

    /** The CHAP passwords of the spec's iSCSI disks as libvirt secrets, before libvirt is given the domain. */
    private void ensureSecrets(VmSpec spec) throws LibvirtException {
        for (DiskSpec disk : spec.disks()) {
            LibvirtSecrets.ensure(connect, disk);
        }
    }

    // ---- devices

    @Override
    public DiskSpec attachDisk(String vmId, DiskSpec disk) {
        return call("attach a disk to " + vmId, () -> {
            Domain domain = domain(vmId);
            boolean running = requireHotplug(domain, vmId);
            Element def =
                    HardenedDom.parse(domain.getXMLDesc(XML_INACTIVE_SECURE)).getDocumentElement();
            Set<String> used = new HashSet<>(DomainXml.diskTargets(def));
            if (running) {
                used.addAll(DomainXml.diskTargets(
                        HardenedDom.parse(domain.getXMLDesc(0)).getDocumentElement()));
            }
            if (disk.target() != null && used.contains(disk.target())) {
                throw conflict(vmId, "has a disk with target " + disk.target() + " already");
            }
            DiskSpec resolved = DomainXml.resolveDisk(disk, used, flavour, mode(def));
            Element element = DomainXml.diskElement(def.getOwnerDocument(), resolved, flavour);
            LibvirtSecrets.ensure(connect, resolved);
            attach(domain, running, def, element);
            return resolved;
        });
    }

    @Override
    public void detachDisk(String vmId, String target) {
        call("detach disk " + target + " from " + vmId, () -> {
            Domain domain = domain(vmId);
            boolean running = requireHotplug(domain, vmId);
            Element def =
                    HardenedDom.parse(domain.getXMLDesc(XML_INACTIVE_SECURE)).getDocumentElement();
            Element live = running ? HardenedDom.parse(domain.getXMLDesc(0)).getDocumentElement() : null;
            detach(
                    domain,
                    vmId,
                    "disk " + target,
                    def,
                    DomainXml.findDisk(def, target),
                    live == null ? null : DomainXml.findDisk(live, target));
            return null;
        });
    }

    @Override
    public NicSpec attachNic(String vmId, NicSpec nic) {
        return call("attach a network interface to " + vmId, () -> {
            Domain domain = domain(vmId);
            boolean running = requireHotplug(domain, vmId);
            Element def =
                    HardenedDom.parse(domain.getXMLDesc(XML_INACTIVE_SECURE)).getDocumentElement();
            String mac = nic.mac();
            if (mac != null && DomainXml.findNic(def, mac) != null) {
                throw conflict(vmId, "has an interface with MAC " + mac + " already");
            }
            if (mac == null) {
                mac = freeMac(def);
            }
            GuestMode mode = mode(def);
            NicSpec resolved = new NicSpec(
                    nic.attachment(),
                    nic.source(),
                    mac.toLowerCase(Locale.ROOT),
                    nic.model() == null ? flavour.defaultNicModel(mode) : nic.model());
            attach(domain, running, def, DomainXml.nicElement(def.getOwnerDocument(), resolved, flavour, mode));
            return resolved;
        });
    }

    @Override
    public void detachNic(String vmId, String mac) {
        call("detach interface " + mac + " from " + vmId, () -> {
            Domain domain = domain(vmId);
            boolean running = requireHotplug(domain, vmId);
            Element def =
                    HardenedDom.parse(domain.getXMLDesc(XML_INACTIVE_SECURE)).getDocumentElement();
            Element live = running ? HardenedDom.parse(domain.getXMLDesc(0)).getDocumentElement() : null;
            detach(
                    domain,
                    vmId,
                    "interface " + mac,
                    def,
                    DomainXml.findNic(def, mac),
                    live == null ? null : DomainXml.findNic(live, mac));
            return null;
        });
    }

    /** Whether the VM runs; {@code UNSUPPORTED} when it does and this host cannot hot-plug. */
    private boolean requireHotplug(Domain domain, String vmId) throws LibvirtException {
        boolean running = domain.isActive() == 1;
        if (running && unavailable().contains(Capability.DEVICE_HOTPLUG)) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    id + ": this host cannot change the devices of running " + "virtual machine " + vmId
                            + "; stop it first");
        }
        return running;
    }

    /**
     * Adds a device to the definition and, when running, to the VM. Where libvirt cannot attach to a stopped
     * domain's config (its test driver), the definition is rewritten instead: libvirt validates the whole new
     * definition and either keeps it or keeps the old one, so a refused device changes nothing either way.
     */
    private void attach(Domain domain, boolean running, Element def, Element device) throws LibvirtException {
        int flags = Domain.DeviceModifyFlags.CONFIG | (running ? Domain.DeviceModifyFlags.LIVE : 0);
        try {
            domain.attachDeviceFlags(HardenedDom.write(device), flags);
        } catch (LibvirtException e) {
            if (running || LibvirtFaults.code(e) != ErrorNumber.VIR_ERR_NO_SUPPORT) {
                throw e;
            }
            HardenedDom.ensure(def, "devices").appendChild(device);
            connect.domainDefineXML(HardenedDom.write(def));
        }
    }

    private void detach(Domain domain, String vmId, String what, Element def, Element inDef, Element inLive)
            throws LibvirtException {
        if (inDef == null && inLive == null) {
            throw new DriverException(Fault.NOT_FOUND, id + ": virtual machine " + vmId + " has no " + what);
        }
        int flags = (inDef != null ? Domain.DeviceModifyFlags.CONFIG : 0)
                | (inLive != null ? Domain.DeviceModifyFlags.LIVE : 0);
        Element device = inDef != null ? inDef : inLive;
        try {
            domain.detachDeviceFlags(HardenedDom.write(device), flags);
        } catch (LibvirtException e) {
            if (inLive != null || LibvirtFaults.code(e) != ErrorNumber.VIR_ERR_NO_SUPPORT) {
                throw e;
            }
            inDef.getParentNode().removeChild(inDef);
            connect.domainDefineXML(HardenedDom.write(def));
        }
    }

    private String freeMac(Element def) {
        String prefix = flavour.macPrefix();
        while (true) {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            String mac = String.format("%s:%02x:%02x:%02x", prefix, r.nextInt(256), r.nextInt(256), r.nextInt(256));
            if (DomainXml.findNic(def, mac) == null) {
                return mac;
            }
        }
    }

    @Override
    public List<ConsoleInfo> consoles(String vmId) {
        return call("read the consoles of " + vmId, () -> {
            Domain domain = domain(vmId);
            Element xml = HardenedDom.parse(domain.getXMLDesc(domain.isActive() == 1 ? 0 : XML_INACTIVE))
                    .getDocumentElement();
            Element devices = HardenedDom.child(xml, "devices");
            List<ConsoleInfo> consoles = new ArrayList<>();
            List<Element> serials = HardenedDom.children(devices, "serial");
            for (Element serial : serials.isEmpty() ? HardenedDom.children(devices, "console") : serials) {
                String path = HardenedDom.attr(HardenedDom.child(serial, "source"), "path");
                if (path == null && "pty".equals(serial.getAttribute("type"))) {
                    path = HardenedDom.attr(serial, "tty");
                }
                consoles.add(new ConsoleInfo("serial", path));
            }
            for (Element g : HardenedDom.children(devices, "graphics")) {
                String type = g.getAttribute("type");
                String port = HardenedDom.attr(g, "port");
                String listen = HardenedDom.attr(g, "listen");
                if (listen == null) {
                    listen = HardenedDom.attr(HardenedDom.child(g, "listen"), "address");
                }
                boolean assigned = port != null && Integer.parseInt(port) > 0;
                consoles.add(
                        new ConsoleInfo(type, assigned ? (listen == null ? "127.0.0.1" : listen) + ":" + port : null));
            }
            return consoles;
        });
    }

    // ---- the guest agent

    /**
     * Asked of QEMU's guest agent through libvirt's pass-through, where the flavour has one ({@link
     * DomainFlavour#guestAgent}); a VM that does not run is "no agent" without asking. Each command waits {@value
     * QemuGuestAgent#TIMEOUT_SECONDS} s at most; a hypervisor driver without the pass-through (libvirt's test
     * driver) is {@code UNSUPPORTED}, libvirt's own answer.
     */
    @Override
    public GuestInfo guestInfo(String vmId) {
        if (!flavour.guestAgent()) {
            return HypervisorSession.super.guestInfo(vmId);
        }
        return call("ask the guest agent of " + vmId, () -> {
            Domain domain = domain(vmId);
            if (domain.isActive() != 1) {
                return GuestInfo.noAgent("the VM is not running");
            }
            return agent.guestInfo(domain, id);
        });
    }

    /**
     * {@code guest-exec} through libvirt's pass-through, where the flavour has an agent ({@link
     * DomainFlavour#guestAgent}); a VM that does not run is CONFLICT without asking (see {@link QemuGuestAgent#exec}
     * for the rest). The calling thread polls the agent until the program ends or its timeout passes.
     */
    @Override
    public GuestCommandResult guestExec(String vmId, GuestCommand command) {
        if (!flavour.guestAgent()) {
            return HypervisorSession.super.guestExec(vmId, command);
        }
        return call("run " + command.path() + " in the guest of " + vmId, () -> {
            Domain domain = requireActive(domain(vmId), vmId);
            return agent.exec(QemuGuestAgent.Channel.of(domain), id, vmId, command);
        });
    }

    // ---- resources and monitoring

    /**
     * Live first, through the scheduler ({@code cpu_shares}, {@code vcpu_period}, {@code vcpu_quota}) and the
     * memory parameters ({@code hard_limit}, {@code soft_limit}, declared through {@link NativeVirt} because
     * libvirt-java lacks them); then the definition, by rewriting its {@code <cputune>} and {@code <memtune>}
     * (libvirt-java has no flags variant of either call that reaches the config). A refused live change thus
     * leaves the definition as it was.
     */
    @Override
    public void applyResources(String vmId, ResourceSettings settings) {
        DomainXml.checkResources(settings);
        if (settings.isEmpty()) {
            return;
        }
        call("apply resource settings to " + vmId, () -> {
            Domain domain = domain(vmId);
            if (domain.isActive() == 1) {
                applyLive(domain, settings);
            }
            Element def =
                    HardenedDom.parse(domain.getXMLDesc(XML_INACTIVE_SECURE)).getDocumentElement();
            DomainXml.applyResources(def, settings);
            connect.domainDefineXML(HardenedDom.write(def));
            return null;
        });
    }

    private void applyLive(Domain domain, ResourceSettings settings) throws LibvirtException {
        List<String> names = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (DomainFlavour.SchedulerParameter p :
                flavour.cpuParameters(settings.cpuShares(), settings.cpuLimitPercent(), domain.getInfo().nrVirtCpu)) {
            names.add(p.field());
            types.add(p.type().code);
            values.add(p.value());
        }
        String uuid = domain.getUUIDString();
        if (!names.isEmpty()) {
            withDomainPointer(
                    uuid,
                    "change the CPU scheduling of " + uuid,
                    pointer ->
                            // AFFECT_CURRENT: live for a running domain, and the only flag every driver accepts
                            NativeVirt.VIRT.virDomainSetSchedulerParametersFlags(
                                    pointer,
                                    parameters(names, types, values),
                                    names.size(),
                                    NativeVirt.VIR_DOMAIN_AFFECT_CURRENT));
        }
        names.clear();
        types.clear();
        values.clear();
        if (settings.memoryLimitMib() != null) {
            names.add("hard_limit");
            types.add(NativeVirt.VIR_TYPED_PARAM_ULLONG);
            values.add(settings.memoryLimitMib() * 1024);
        }
        if (settings.memoryReservationMib() != null) {
            names.add("soft_limit");
            types.add(NativeVirt.VIR_TYPED_PARAM_ULLONG);
            values.add(settings.memoryReservationMib() * 1024);
        }
        if (!names.isEmpty()) {
            withDomainPointer(
                    uuid,
                    "tune the memory of " + uuid,
                    pointer -> NativeVirt.VIRT.virDomainSetMemoryParameters(
                            pointer,
                            parameters(names, types, values),
                            names.size(),
                            NativeVirt.VIR_DOMAIN_AFFECT_LIVE));
        }
    }

    private static Memory parameters(List<String> names, List<Integer> types, List<Long> values) {
        return NativeVirt.typedParameters(
                names.toArray(new String[0]),
                types.stream().mapToInt(Integer::intValue).toArray(),
                values.stream().mapToLong(Long::longValue).toArray());
    }

    /** Runs one {@link NativeVirt} call on the domain's own C pointer, which libvirt-java does not hand out. */
    // libvirt-java's ErrorNumber lists libvirt's virErrorNumber in C's order: its ordinal is the C code.
    @SuppressWarnings("EnumOrdinal")
    private void withDomainPointer(String uuid, String what, java.util.function.ToIntFunction<DomainPointer> call) {
        DomainPointer pointer = NativeVirt.VIRT.virDomainLookupByUUIDString(connect.pointer(), uuid);
        if (pointer == null) {
            throw nativeFailure(what);
        }
        try {
            if (call.applyAsInt(pointer) < 0) {
                DriverException failure = nativeFailure(what);
                if (NativeVirt.VIRT.virGetLastErrorCode() == ErrorNumber.VIR_ERR_INVALID_ARG.ordinal()) {
                    // the host lacks these parameters (libvirt's test driver schedules by 'weight' only)
                    throw new DriverException(Fault.UNSUPPORTED, failure.getMessage());
                }
                throw failure;
            }
        } finally {
            NativeVirt.VIRT.virDomainFree(pointer);
        }
    }

    /** The failure of a call through {@link NativeVirt}, from libvirt's last error of this thread. */
    // libvirt-java's ErrorNumber lists libvirt's virErrorNumber in C's order: its ordinal is the C code.
    @SuppressWarnings("EnumOrdinal")
    private DriverException nativeFailure(String what) {
        int code = NativeVirt.VIRT.virGetLastErrorCode();
        String message = NativeVirt.VIRT.virGetLastErrorMessage();
        ErrorNumber number = code >= 0 && code < ErrorNumber.values().length ? ErrorNumber.values()[code] : null;
        return new DriverException(
                LibvirtFaults.fault(number),
                id + ": cannot " + what + ": " + (message == null ? "libvirt gave no reason" : message));
    }

    @Override
    public VmStats vmStats(String vmId) {
        return call("read the statistics of " + vmId, () -> {
            Pointer domain = lookup(vmId);
            try {
                Memory info = new Memory(NativeVirt.DOMAIN_INFO_SIZE);
                if (NativeVirt.VIRT.virDomainGetInfo(domain, info) < 0) {
                    throw failure("read the statistics of " + vmId);
                }
                Instant now = Instant.now();
                int active = NativeVirt.VIRT.virDomainIsActive(domain);
                if (active < 0) {
                    throw failure("read the statistics of " + vmId);
                }
                if (active != 1) {
                    return new VmStats(now, vcpus(info), 0, 0, 0, 0, 0, 0);
                }
                return counters(domain, info, new Memory(NativeVirt.INTERFACE_STATS_SIZE), now, vmId);
            } finally {
                NativeVirt.VIRT.virDomainFree(domain);
            }
        });
    }

    /**
     * A running domain's counters: CPU and memory from its info, and the sums of its disks' and interfaces' counters
     * (the devices named by its live XML). Every call goes through {@link NativeVirt} on the domain's own pointer:
     * libvirt-java maps each result struct by reflection, and a statistics round makes four such calls per VM.
     */
    private VmStats counters(Pointer domain, Memory info, Memory stats, Instant now, String vmId) {
        LiveDevices devices = LiveDevices.of(liveXml(domain, vmId));
        long read = 0;
        long written = 0;
        for (String disk : devices.disks()) {
            if (NativeVirt.VIRT.virDomainBlockStats(
                            domain, NativeVirt.cString(disk), stats, NativeVirt.BLOCK_STATS_SIZE)
                    < 0) {
                noDeviceStats(disk);
            } else {
                read += stats.getLong(8);
                written += stats.getLong(24);
            }
        }
        long rx = 0;
        long tx = 0;
        for (String nic : devices.nics()) {
            if (NativeVirt.VIRT.virDomainInterfaceStats(
                            domain, NativeVirt.cString(nic), stats, NativeVirt.INTERFACE_STATS_SIZE)
                    < 0) {
                noDeviceStats(nic);
            } else {
                rx += stats.getLong(0);
                tx += stats.getLong(32);
            }
        }
        return new VmStats(
                now,
                vcpus(info),
                info.getLong(NativeVirt.DOMAIN_INFO_CPU_TIME),
                memoryBytes(info),
                read,
                written,
                rx,
                tx);
    }

    /** {@code memory} of a {@code virDomainInfo} (KiB, an unsigned long), in bytes. */
    private static long memoryBytes(Memory info) {
        long kib = Native.LONG_SIZE == 8
                ? info.getLong(NativeVirt.DOMAIN_INFO_MEMORY)
                : Integer.toUnsignedLong(info.getInt(NativeVirt.DOMAIN_INFO_MEMORY));
        return kib * 1024L;
    }

    private static int vcpus(Memory info) {
        return Short.toUnsignedInt(info.getShort(NativeVirt.DOMAIN_INFO_VCPUS));
    }

    private String liveXml(Pointer domain, String vmId) {
        Pointer xml = NativeVirt.VIRT.virDomainGetXMLDesc(domain, 0);
        if (xml == null) {
            throw failure("read the definition of " + vmId);
        }
        try {
            return xml.getString(0, "UTF-8");
        } finally {
            Native.free(Pointer.nativeValue(xml));
        }
    }

    /** A device that has no counters (unplugged meanwhile, no backend) counts as zero, on a live connection. */
    private void noDeviceStats(String device) {
        DriverException failure = failure("read the statistics of " + device);
        if (failure.fault() == Fault.UNREACHABLE) {
            throw failure;
        }
        LOG.debug("{}: no statistics for {}: {}", id, device, failure.getMessage());
    }

    /** The domain's C pointer, which the caller frees; NOT_FOUND as {@link #domain}. */
    // libvirt-java's ErrorNumber lists libvirt's virErrorNumber in C's order: its ordinal is the C code.
    @SuppressWarnings("EnumOrdinal")
    private Pointer lookup(String vmId) {
        DomainPointer domain = NativeVirt.VIRT.virDomainLookupByUUIDString(connect.pointer(), vmId);
        if (domain == null) {
            int code = NativeVirt.VIRT.virGetLastErrorCode();
            if (code == ErrorNumber.VIR_ERR_NO_DOMAIN.ordinal() || code == ErrorNumber.VIR_ERR_INVALID_ARG.ordinal()) {
                throw new DriverException(Fault.NOT_FOUND, id + ": no virtual machine " + vmId + " on this host");
            }
            throw failure("find virtual machine " + vmId);
        }
        return domain.getPointer();
    }

    /** A failed {@link NativeVirt} call: UNREACHABLE when the connection broke, as {@link #call} says it. */
    private DriverException failure(String what) {
        DriverException failure = nativeFailure(what); // before open(), which is a call of its own
        return open() ? failure : new DriverException(Fault.UNREACHABLE, failure.getMessage());
    }

    /**
     * Every running domain's counters, read domain by domain as {@link #vmStats} reads one, where the bulk call has
     * no CPU counters (libvirt's test driver): the running domains listed once, each read on the pointer the list
     * gave (no lookup by UUID, no connection check per VM). What the SPI's default would return: RUNNING (and
     * BLOCKED) domains only, the same numbers; a domain that vanished while it was read is left out.
     */
    private Map<String, VmStats> runningVmStatsOneByOne() {
        Map<String, VmStats> all = new LinkedHashMap<>();
        // one buffer of each per host, not per VM: JNA registers every Memory with its cleaner, under a global lock
        Memory info = new Memory(NativeVirt.DOMAIN_INFO_SIZE);
        Memory stats = new Memory(NativeVirt.INTERFACE_STATS_SIZE);
        byte[] uuid = new byte[NativeVirt.UUID_STRING_LENGTH];
        forEachActiveDomain("read the statistics of every running VM", domain -> {
            if (NativeVirt.VIRT.virDomainGetUUIDString(domain, uuid) < 0) {
                throw failure("read the statistics of every running VM");
            }
            String vmId = Native.toString(uuid, "US-ASCII");
            try {
                if (NativeVirt.VIRT.virDomainGetInfo(domain, info) < 0) {
                    throw failure("read the statistics of " + vmId);
                }
                if (state(info) == VmInfo.PowerState.RUNNING) {
                    all.put(vmId, counters(domain, info, stats, Instant.now(), vmId));
                }
            } catch (DriverException e) {
                if (e.fault() != Fault.NOT_FOUND) {
                    throw e;
                }
            }
        });
        return all;
    }

    /** Visits each active domain's C pointer from one {@code virConnectListAllDomains}; frees them all after. */
    private void forEachActiveDomain(String what, Consumer<Pointer> visitor) {
        PointerByReference list = new PointerByReference();
        int count = NativeVirt.VIRT.virConnectListAllDomains(connect.pointer(), list, NativeVirt.LIST_DOMAINS_ACTIVE);
        if (count < 0) {
            throw failure(what);
        }
        Pointer domains = list.getValue();
        try {
            for (int i = 0; i < count; i++) {
                visitor.accept(domains.getPointer((long) i * Native.POINTER_SIZE));
            }
        } finally {
            if (domains != null) {
                for (int i = 0; i < count; i++) {
                    NativeVirt.VIRT.virDomainFree(domains.getPointer((long) i * Native.POINTER_SIZE));
                }
                Native.free(Pointer.nativeValue(domains));
            }
        }
    }

    /** The power state in a {@code virDomainInfo}, as {@link #state(DomainInfo.DomainState)} maps it. */
    private static VmInfo.PowerState state(Memory info) {
        DomainInfo.DomainState[] states = DomainInfo.DomainState.values();
        int state = Byte.toUnsignedInt(info.getByte(0));
        return state < states.length ? state(states[state]) : VmInfo.PowerState.UNKNOWN;
    }

    /**
     * Every running domain's counters in one call ({@code virConnectGetAllDomainStats}) instead of five or more per
     * VM ({@code getInfo}, the live XML, each disk's and each interface's counters): what the monitor asks once per
     * host and round. A domain whose record lacks the CPU counters (libvirt's test driver reports only the state
     * group) is read alone with {@link #vmStats}, so every driver flavour answers with the same numbers as before.
     */
    @Override
    public Map<String, VmStats> runningVmStats() {
        if (LibvirtConnector.isTest(uri)) {
            return call("read the statistics of every running VM", this::runningVmStatsOneByOne);
        }
        return call("read the statistics of every running VM", () -> {
            PointerByReference records = new PointerByReference();
            int count = NativeVirt.VIRT.virConnectGetAllDomainStats(
                    connect.pointer(),
                    NativeVirt.DOMAIN_STATS_GROUPS,
                    records,
                    NativeVirt.GET_ALL_DOMAINS_STATS_ACTIVE);
            if (count < 0) {
                throw nativeFailure("read the statistics of every running VM");
            }
            Map<String, VmStats> all = new LinkedHashMap<>();
            List<String> alone = new ArrayList<>();
            try {
                Instant now = Instant.now();
                for (int i = 0; i < count; i++) {
                    Pointer record = records.getValue().getPointer((long) i * Native.POINTER_SIZE);
                    byte[] uuid = new byte[NativeVirt.UUID_STRING_LENGTH];
                    if (NativeVirt.VIRT.virDomainGetUUIDString(record.getPointer(0), uuid) < 0) {
                        continue;
                    }
                    String id = Native.toString(uuid, "US-ASCII");
                    VmStats stats = domainStats(
                            now, record.getPointer(Native.POINTER_SIZE), record.getInt(2L * Native.POINTER_SIZE));
                    if (stats == null) {
                        alone.add(id);
                    } else {
                        all.put(id, stats);
                    }
                }
            } finally {
                if (records.getValue() != null) {
                    NativeVirt.VIRT.virDomainStatsRecordListFree(records.getValue());
                }
            }
            for (String id : alone) {
                try {
                    all.put(id, vmStats(id));
                } catch (DriverException e) {
                    if (e.fault() != Fault.NOT_FOUND) {
                        throw e;
                    }
                }
            }
            return all;
        });
    }

    /** One domain's record as a sample, or null when the driver left out the CPU counters. */
    private static VmStats domainStats(Instant at, Pointer params, int count) {
        Map<String, Long> values = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Long value = NativeVirt.typedParameterNumber(params, i);
            if (value != null) {
                values.put(NativeVirt.typedParameterName(params, i), value);
            }
        }
        if (!values.containsKey("cpu.time")) {
            return null;
        }
        long read = 0;
        long written = 0;
        for (long b = 0, blocks = values.getOrDefault("block.count", 0L); b < blocks; b++) {
            read += values.getOrDefault("block." + b + ".rd.bytes", 0L);
            written += values.getOrDefault("block." + b + ".wr.bytes", 0L);
        }
        long rx = 0;
        long tx = 0;
        for (long n = 0, nics = values.getOrDefault("net.count", 0L); n < nics; n++) {
            rx += values.getOrDefault("net." + n + ".rx.bytes", 0L);
            tx += values.getOrDefault("net." + n + ".tx.bytes", 0L);
        }
        // balloon.current is what getInfo's memory is (KiB), the figure vmStats reports
        return new VmStats(
                at,
                values.getOrDefault("vcpu.current", 0L).intValue(),
                values.get("cpu.time"),
                values.getOrDefault("balloon.current", 0L) * 1024L,
                read,
                written,
                rx,
                tx);
    }

    @Override
    public HostStats hostStats() {
        return call("read host statistics", () -> {
            NodeInfo node = connect.nodeInfo();
            long[] cpu = nodeCpuTimes();
            long total = node.memory * 1024L;
            return new HostStats(Instant.now(), node.cpus, cpu[0], cpu[1], total, freeMemory(total));
        });
    }

    /**
     * The host's free memory; where the host does not count it (libvirt's test driver answers 0, which libvirt
     * reports as an error) the estimate is its memory less what its running VMs hold.
     */
    private long freeMemory(long total) {
        // Through NativeVirt: libvirt-java turns the test driver's 0 into an exception, built by reflection, per host
        // and round.
        long free = NativeVirt.VIRT.virNodeGetFreeMemory(connect.pointer());
        if (free != 0) {
            return free;
        }
        if (!open()) {
            throw new DriverException(Fault.UNREACHABLE, id + ": the connection to " + uri + " is broken");
        }
        long[] used = {0};
        Memory info = new Memory(NativeVirt.DOMAIN_INFO_SIZE);
        forEachActiveDomain("read the memory of the running VMs", domain -> {
            // a domain that stopped meanwhile holds nothing any more
            if (NativeVirt.VIRT.virDomainGetInfo(domain, info) == 0) {
                used[0] += memoryBytes(info);
            }
        });
        return Math.max(0, total - used[0]);
    }

    /** Busy and total CPU nanoseconds of the host, from {@code virNodeGetCPUStats} over all CPUs. */
    private long[] nodeCpuTimes() {
        IntByReference count = new IntByReference(0);
        if (NativeVirt.VIRT.virNodeGetCPUStats(
                        connect.pointer(), NativeVirt.VIR_NODE_CPU_STATS_ALL_CPUS, (Pointer) null, count, 0)
                < 0) {
            throw nativeFailure("read host CPU statistics");
        }
        if (count.getValue() == 0) {
            return new long[] {0, 0};
        }
        Memory stats = new Memory((long) NativeVirt.NODE_CPU_STATS_SIZE * count.getValue());
        stats.clear();
        if (NativeVirt.VIRT.virNodeGetCPUStats(
                        connect.pointer(), NativeVirt.VIR_NODE_CPU_STATS_ALL_CPUS, stats, count, 0)
                < 0) {
            throw nativeFailure("read host CPU statistics");
        }
        long busy = 0;
        long idle = 0;
        for (int i = 0; i < count.getValue(); i++) {
            long value = NativeVirt.nodeCpuStatValue(stats, i);
            switch (NativeVirt.nodeCpuStatName(stats, i)) {
                case "idle", "iowait" -> idle += value;
                case "kernel", "user", "system" -> busy += value;
                default -> {
                    // "utilization" is a percentage and "intr" a count, not CPU time
                }
            }
        }
        return new long[] {busy, busy + idle};
    }

    @Override
    public AutoCloseable watch(Consumer<VmEvent> listener) {
        if (!eventLoop.running()) {
            throw new DriverException(Fault.DRIVER_FAILURE, id + ": the libvirt event loop does not run");
        }
        LifecycleListener adapter = (domain, event) -> {
            try {
                listener.accept(new VmEvent(domain.getUUIDString(), domain.getName(), type(event), detail(event)));
            } catch (LibvirtException | RuntimeException e) {
                LOG.warn("{}: a lifecycle event listener failed: {}", id, e.toString());
            }
            return 0;
        };
        call("subscribe to lifecycle events", () -> {
            connect.addLifecycleListener(adapter);
            return null;
        });
        listeners.add(adapter);
        return () -> unsubscribe(adapter);
    }

    private void unsubscribe(LifecycleListener adapter) {
        if (listeners.remove(adapter)) {
            try {
                connect.removeLifecycleListener(adapter);
            } catch (LibvirtException e) {
                LOG.debug("{}: unsubscribing: {}", id, LibvirtFaults.reason(e));
            }
        }
    }

    static VmEvent.Type type(DomainEvent event) {
        DomainEventType type = event.getType();
        String detail = detail(event);
        return switch (type) {
            case DEFINED -> VmEvent.Type.DEFINED;
            case UNDEFINED -> VmEvent.Type.UNDEFINED;
            case STARTED -> VmEvent.Type.STARTED;
            case SUSPENDED, PMSUSPENDED -> VmEvent.Type.SUSPENDED;
            case RESUMED -> VmEvent.Type.RESUMED;
            case STOPPED -> "crashed".equals(detail) ? VmEvent.Type.CRASHED : VmEvent.Type.STOPPED;
            case CRASHED -> VmEvent.Type.CRASHED;
            default -> VmEvent.Type.CHANGED;
        };
    }

    static String detail(DomainEvent event) {
        Object detail = event.getDetail();
        return detail == null ? "" : detail.toString().toLowerCase(Locale.ROOT);
    }

    // ---- snapshots (internal qcow2 snapshots: see LibvirtSnapshots for why)

    @Override
    public List<SnapshotInfo> snapshots(String vmId) {
        return call("list the snapshots of " + vmId, () -> snapshots.list(domain(vmId)));
    }

    @Override
    public SnapshotInfo createSnapshot(String vmId, SnapshotSpec spec) {
        return call(
                "take snapshot '" + spec.name() + "' of " + vmId,
                () -> snapshots.create(domain(vmId), vmId, spec, agent));
    }

    @Override
    public void revertToSnapshot(String vmId, String snapshot) {
        call("revert " + vmId + " to snapshot '" + snapshot + "'", () -> {
            snapshots.revert(domain(vmId), vmId, snapshot, this::revertWithFlags);
            return null;
        });
    }

    @Override
    public void deleteSnapshot(String vmId, String snapshot) {
        call("delete snapshot '" + snapshot + "' of " + vmId, () -> {
            snapshots.delete(domain(vmId), vmId, snapshot);
            return null;
        });
    }

    private void revertWithFlags(String vmId, String snapshot, int flags) {
        withDomainPointer(vmId, "revert " + vmId + " to snapshot '" + snapshot + "'", domain -> {
            Pointer found = NativeVirt.VIRT.virDomainSnapshotLookupByName(domain, snapshot, 0);
            if (found == null) {
                return -1;
            }
            try {
                return NativeVirt.VIRT.virDomainRevertToSnapshot(found, flags);
            } finally {
                NativeVirt.VIRT.virDomainSnapshotFree(found);
            }
        });
    }

    // ---- migration

    @Override
    public VmInfo migrate(String vmId, Endpoint destination, MigrationMonitor monitor) {
        if (unavailable().contains(Capability.LIVE_MIGRATION)) {
            throw new DriverException(Fault.UNSUPPORTED, id + ": " + uri + " cannot migrate virtual machines");
        }
        URI target = connector.accepted(destination.address());
        if (LibvirtConnector.isTest(target)) {
            throw new DriverException(Fault.UNSUPPORTED, id + ": " + target + " cannot receive virtual machines");
        }
        Domain domain = call("migrate " + vmId, () -> requireActive(domain(vmId), vmId));
        LibvirtConnection destConnect = connector.connect(target, destination);
        try {
            return migrate(domain, vmId, destConnect, target, monitor);
        } finally {
            LibvirtConnector.closeQuietly(destConnect);
        }
    }

    private VmInfo migrate(
            Domain domain, String vmId, LibvirtConnection destConnect, URI target, MigrationMonitor monitor) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean aborted = new AtomicBoolean();
        Thread watcher = new Thread(() -> watchMigration(domain, monitor, done, aborted), id + "-migration-" + vmId);
        watcher.setDaemon(true);
        watcher.start();
        long flags = Domain.MigrateFlags.LIVE | Domain.MigrateFlags.PERSIST_DEST | Domain.MigrateFlags.UNDEFINE_SOURCE;
        try {
            Domain moved = domain.migrate(destConnect, flags, null, null, 0);
            VmInfo info = info(moved);
            done.countDown();
            joinQuietly(watcher);
            monitor.progress(100, "migrated to " + target.getHost());
            return info;
        } catch (LibvirtException e) {
            done.countDown();
            joinQuietly(watcher);
            if (aborted.get()) {
                throw new DriverException(Fault.CONFLICT, id + ": migration of " + vmId + " was cancelled", e);
            }
            throw LibvirtFaults.map(
                    id,
                    "migrate " + vmId + " to " + target,
                    e,
                    open() ? LibvirtFaults.fault(LibvirtFaults.code(e)) : Fault.UNREACHABLE);
        }
    }

    /**
     * Reports progress every poll and aborts the job once the monitor says so. An abort asked before libvirt
     * has begun the job fails, so it is asked again at every poll until it takes or the migration ends.
     */
    private void watchMigration(Domain domain, MigrationMonitor monitor, CountDownLatch done, AtomicBoolean aborted) {
        try {
            do {
                if (monitor.cancelled()) {
                    if (!aborted.get()) {
                        try {
                            domain.abortJob();
                            aborted.set(true);
                        } catch (LibvirtException e) {
                            LOG.debug("{}: abort not taken yet: {}", id, LibvirtFaults.reason(e));
                        }
                    }
                    continue;
                }
                try {
                    DomainJobInfo job = domain.getJobInfo();
                    long total = job.getDataTotal();
                    long left = job.getDataRemaining();
                    if (total > 0) {
                        int percent = (int) Math.min(99, (total - left) * 100 / total);
                        monitor.progress(percent, "copying memory, " + (left >> 20) + " MiB left");
                    }
                } catch (LibvirtException e) {
                    // no job yet, or it ended between two polls; the migrating thread reports how it ended
                    LOG.debug("{}: migration progress: {}", id, LibvirtFaults.reason(e));
                }
            } while (!done.await(MIGRATION_POLL_MILLIS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- closing

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (LifecycleListener l : List.copyOf(listeners)) {
            unsubscribe(l);
        }
        LibvirtConnector.closeQuietly(connect);
    }

    // ---- helpers

    private void requireMode(GuestMode mode) {
        if (!flavour.guestModes().contains(mode)) {
            throw new DriverException(Fault.UNSUPPORTED, id + ": this hypervisor does not run " + mode + " guests");
        }
    }

    private GuestMode mode(Element def) {
        return flavour.guestMode(HardenedDom.text(def, "os", "type"));
    }

    private DriverException conflict(String vmId, String what) {
        return new DriverException(Fault.CONFLICT, id + ": virtual machine " + vmId + " " + what);
    }

    private Domain requireActive(Domain domain, String vmId) throws LibvirtException {
        if (domain.isActive() != 1) {
            throw conflict(vmId, "is not running");
        }
        return domain;
    }

    private Domain domain(String vmId) throws LibvirtException {
        try {
            return connect.domainLookupByUUIDString(vmId);
        } catch (LibvirtException e) {
            ErrorNumber code = LibvirtFaults.code(e);
            if (code == ErrorNumber.VIR_ERR_NO_DOMAIN || code == ErrorNumber.VIR_ERR_INVALID_ARG) {
                throw new DriverException(Fault.NOT_FOUND, id + ": no virtual machine " + vmId + " on this host");
            }
            throw e;
        }
    }

    private static boolean exists(LibvirtCall<Domain> lookup) throws LibvirtException {
        try {
            lookup.run();
            return true;
        } catch (LibvirtException e) {
            if (LibvirtFaults.code(e) == ErrorNumber.VIR_ERR_NO_DOMAIN) {
                return false;
            }
            throw e;
        }
    }

    private static VmInfo info(Domain domain) throws LibvirtException {
        DomainInfo info = domain.getInfo();
        return new VmInfo(
                domain.getUUIDString(), domain.getName(), state(info.state), info.nrVirtCpu, info.maxMem * 1024L);
    }

    static VmInfo.PowerState state(DomainInfo.DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED -> VmInfo.PowerState.RUNNING;
            case VIR_DOMAIN_PAUSED -> VmInfo.PowerState.PAUSED;
            case VIR_DOMAIN_SHUTDOWN, VIR_DOMAIN_SHUTOFF -> VmInfo.PowerState.STOPPED;
            case VIR_DOMAIN_CRASHED -> VmInfo.PowerState.CRASHED;
            case VIR_DOMAIN_PMSUSPENDED -> VmInfo.PowerState.SUSPENDED;
            default -> VmInfo.PowerState.UNKNOWN;
        };
    }

    private static String versionString(long version) {
        return (version / 1_000_000) + "." + (version / 1000 % 1000) + "." + (version % 1000);
    }

    /**
     * {@code virConnectIsAlive}: answered from the client's own view of its connection, which its event loop and
     * keepalive probes (set in {@link LibvirtConnector}) keep current, so HA can ask every host every second
     * without a round trip. A closed session is not alive; a pointer libvirt-java has already let go of makes
     * {@code isAlive} throw, which is a dead connection too.
     */
    @Override
    public boolean alive() {
        if (closed.get()) {
            return false;
        }
        try {
            // isAlive alone is not enough: with calls of other threads in flight on a connection whose peer vanished
            // silently (a cut network), libvirt 9.0's client kept reporting it alive and its keepalive never fired
            // (measured: calls hung for minutes). One small round trip (virConnectGetLibVersion) is the proof; the
            // caller bounds how long it waits for it.
            return connect.isAlive() && connect.getLibVersion() > 0;
        } catch (LibvirtException | RuntimeException e) {
            return false;
        }
    }

    /** Whether the connection is open as libvirt sees it, without a round trip. */
    private boolean open() {
        if (closed.get()) {
            return false;
        }
        try {
            return connect.isAlive();
        } catch (LibvirtException | RuntimeException e) {
            return false;
        }
    }

    /** Runs one libvirt call: a broken connection is UNREACHABLE, so that the platform reconnects. */
    private <T> T call(String what, LibvirtCall<T> call) {
        if (closed.get()) {
            throw new DriverException(Fault.UNREACHABLE, id + ": the session to " + uri + " is closed");
        }
        if (!open()) {
            throw new DriverException(Fault.UNREACHABLE, id + ": the connection to " + uri + " is broken");
        }
        try {
            return call.run();
        } catch (LibvirtException e) {
            if (!open()) {
                throw LibvirtFaults.map(id, what, e, Fault.UNREACHABLE);
            }
            throw LibvirtFaults.map(id, what, e);
        }
    }

    @FunctionalInterface
    interface LibvirtCall<T> {
        T run() throws LibvirtException;
    }
}
