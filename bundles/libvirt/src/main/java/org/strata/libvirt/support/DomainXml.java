package org.strata.libvirt.support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.DiskAuth;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GraphicsSpec;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmLease;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.hypervisor.VmSpec.BootDevice;
import org.strata.spi.hypervisor.VmSpec.GuestMode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The neutral {@link VmSpec} as libvirt domain XML and back, with the JDK's DOM. {@link #toXml} writes only
 * what the spec says plus what the flavour requires, so that {@link #fromXml} of what libvirt keeps gives the
 * spec back: targets, buses, NIC models and formats the spec left open come back as the values chosen.
 * An empty boot order is written as "boot from disk" and read back as empty, its SPI meaning.
 */
public final class DomainXml {

    /** libvirt's default CFS period: the CPU limit is a quota over it. */
    public static final long CPU_PERIOD_MICROS = 100_000;

    private static final Pattern PCI = Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");

    private DomainXml() {}

    // ---- spec to XML

    /** The domain XML for a spec; disks without a target get free ones for their bus. */
    public static String toXml(VmSpec spec, DomainFlavour flavour, String domainType) {
        return HardenedDom.write(toDocument(spec, flavour, domainType));
    }

    static Document toDocument(VmSpec spec, DomainFlavour flavour, String domainType) {
        check(spec, flavour);
        GuestMode mode = spec.guestMode();
        Document doc = HardenedDom.newDocument("domain");
        Element domain = doc.getDocumentElement();
        domain.setAttribute("type", domainType);
        HardenedDom.add(domain, "name", spec.name());
        if (spec.uuid() != null) {
            HardenedDom.add(domain, "uuid", spec.uuid());
        }
        HardenedDom.add(domain, "memory", Long.toString(spec.memoryMb() * 1024)).setAttribute("unit", "KiB");
        HardenedDom.add(domain, "currentMemory", Long.toString(spec.memoryMb() * 1024))
                .setAttribute("unit", "KiB");
        HardenedDom.add(domain, "vcpu", Integer.toString(spec.cpus())).setAttribute("placement", "static");
        applyResources(domain, spec.resources());
        String bootloader = flavour.bootloader(mode);
        if (bootloader != null) {
            HardenedDom.add(domain, "bootloader", bootloader);
        }
        Element os = HardenedDom.add(domain, "os");
        HardenedDom.add(os, "type", flavour.osType(mode));
        if (bootloader == null) {
            List<BootDevice> order = spec.bootOrder().isEmpty() ? List.of(BootDevice.DISK) : spec.bootOrder();
            for (BootDevice device : order) {
                HardenedDom.add(os, "boot").setAttribute("dev", bootDev(device));
            }
        }
        if (spec.serialNumber() != null) {
            // SMBIOS type 1 from libvirt's <sysinfo>: what dmidecode, and cloud-init, read as the system's serial.
            HardenedDom.add(os, "smbios").setAttribute("mode", "sysinfo");
            Element sysinfo = HardenedDom.add(domain, "sysinfo");
            sysinfo.setAttribute("type", "smbios");
            HardenedDom.add(HardenedDom.add(sysinfo, "system"), "entry", spec.serialNumber())
                    .setAttribute("name", "serial");
        }
        if (mode == GuestMode.HVM) {
            Element features = HardenedDom.add(domain, "features");
            HardenedDom.add(features, "acpi");
            HardenedDom.add(features, "apic");
        }
        HardenedDom.add(domain, "on_poweroff", "destroy");
        HardenedDom.add(domain, "on_reboot", "restart");
        HardenedDom.add(domain, "on_crash", "destroy");
        Element devices = HardenedDom.add(domain, "devices");
        Set<String> used = new HashSet<>();
        for (DiskSpec disk : spec.disks()) {
            if (disk.target() != null) {
                used.add(disk.target());
            }
        }
        for (DiskSpec disk : spec.disks()) {
            DiskSpec resolved = resolveDisk(disk, used, flavour, mode);
            used.add(resolved.target());
            devices.appendChild(diskElement(doc, resolved, flavour));
        }
        if (spec.lease() != null) {
            devices.appendChild(leaseElement(doc, spec.lease()));
        }
        for (NicSpec nic : spec.nics()) {
            devices.appendChild(nicElement(doc, nic, flavour, mode));
        }
        for (String pci : spec.pciDevices()) {
            devices.appendChild(hostdevElement(doc, pci));
        }
        if (spec.serialConsole()) {
            if (flavour.serialDevice(mode)) {
                Element serial = HardenedDom.add(devices, "serial");
                serial.setAttribute("type", "pty");
                HardenedDom.add(serial, "target").setAttribute("port", "0");
            }
            Element console = HardenedDom.add(devices, "console");
            console.setAttribute("type", "pty");
            Element target = HardenedDom.add(console, "target");
            target.setAttribute("type", flavour.consoleTargetType(mode));
            target.setAttribute("port", "0");
        }
        if (spec.graphics() != null) {
            devices.appendChild(graphicsElement(doc, spec.graphics()));
        }
        if (flavour.guestAgent() && mode == GuestMode.HVM) {
            devices.appendChild(guestAgentChannel(doc));
        }
        return doc;
    }

    /** The name of QEMU's guest agent port, which libvirt looks for to reach the agent. */
    static final String GUEST_AGENT_PORT = "org.qemu.guest_agent.0";

    /**
     * The guest agent's virtio-serial port, as virt-install adds it: libvirt chooses the socket path (under its own
     * channel directory) and adds the virtio-serial controller. The spec has no word for it: every VM of a flavour
     * with {@link DomainFlavour#guestAgent} gets it, and {@link #fromXml} leaves it out.
     */
    static Element guestAgentChannel(Document doc) {
        Element channel = doc.createElement("channel");
        channel.setAttribute("type", "unix");
        Element target = HardenedDom.add(channel, "target");
        target.setAttribute("type", "virtio");
        target.setAttribute("name", GUEST_AGENT_PORT);
        return channel;
    }

    /**
     * libvirt names a lease file {@code target/lockspace/key}, and lockd serves the lockspace only when
     * {@code target/lockspace} is its {@code file_lockspace_dir}: so the lockspace is the last element of the
     * SPI's lease directory and the target its parent.
     */
    static Element leaseElement(Document doc, VmLease lease) {
        String dir = lease.lockspace();
        int slash = dir.lastIndexOf('/');
        Element e = doc.createElement("lease");
        HardenedDom.add(e, "lockspace", dir.substring(slash + 1));
        HardenedDom.add(e, "key", lease.key());
        HardenedDom.add(e, "target").setAttribute("path", slash == 0 ? "/" : dir.substring(0, slash));
        return e;
    }

    private static void check(VmSpec spec, DomainFlavour flavour) {
        if (spec.serialNumber() != null && !flavour.smbiosSerial()) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    flavour.driverId() + ": this driver does not set a VM's serial number; define the VM without one");
        }
        if (spec.lease() != null && !flavour.leases()) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    flavour.driverId() + ": this driver does not hold VM leases; define the VM without one");
        }
        if (spec.name().isBlank()) {
            throw new DriverException(Fault.DRIVER_FAILURE, "a virtual machine needs a name");
        }
        if (spec.cpus() < 1 || spec.memoryMb() < 1) {
            throw new DriverException(Fault.DRIVER_FAILURE, "a virtual machine needs at least 1 vCPU and 1 MiB");
        }
        checkResources(spec.resources());
    }

    /** CPU reservations have no libvirt equivalent; say so instead of dropping them. */
    static void checkResources(ResourceSettings r) {
        if (r.cpuReservationPercent() != null) {
            throw new DriverException(
                    Fault.UNSUPPORTED, "libvirt has no CPU reservation; use CPU shares and limits instead");
        }
        if (r.cpuShares() != null && (r.cpuShares() < 2 || r.cpuShares() > 262_144)) {
            throw new DriverException(Fault.DRIVER_FAILURE, "CPU shares must be between 2 and 262144");
        }
        if (r.cpuLimitPercent() != null && r.cpuLimitPercent() < 1) {
            throw new DriverException(Fault.DRIVER_FAILURE, "a CPU limit must be at least 1 percent");
        }
        if ((r.memoryLimitMib() != null && r.memoryLimitMib() < 1)
                || (r.memoryReservationMib() != null && r.memoryReservationMib() < 1)) {
            throw new DriverException(Fault.DRIVER_FAILURE, "memory limits and reservations must be at least 1 MiB");
        }
    }

    /** The disk with its bus mapped for this hypervisor and a target not in {@code used} when it had none. */
    public static DiskSpec resolveDisk(DiskSpec disk, Set<String> used, DomainFlavour flavour, GuestMode mode) {
        DiskSpec.Bus bus = flavour.diskBus(disk.bus(), disk.device(), mode);
        String target = disk.target();
        if (target == null) {
            String prefix = targetPrefix(bus);
            for (char c = 'a'; c <= 'z' && target == null; c++) {
                if (!used.contains(prefix + c)) {
                    target = prefix + c;
                }
            }
            if (target == null) {
                throw new DriverException(Fault.CONFLICT, "no free " + prefix + "X target is left for another disk");
            }
        }
        String format = disk.format() == null ? "raw" : disk.format();
        return new DiskSpec(disk.device(), disk.source(), format, bus, target, disk.readOnly(), disk.auth());
    }

    static String targetPrefix(DiskSpec.Bus bus) {
        return switch (bus) {
            case VIRTIO -> "vd";
            case SATA, SCSI -> "sd";
            case IDE -> "hd";
            case XEN -> "xvd";
        };
    }

    static Element diskElement(Document doc, DiskSpec disk, DomainFlavour flavour) {
        Element e = doc.createElement("disk");
        NetworkDisk network = NetworkDisk.of(disk.source());
        if (network != null) {
            network = network.withAuth(disk.auth());
        } else if (disk.auth() != null) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "disk " + disk.target() + " has credentials but is no iscsi:// network disk; only an iSCSI"
                            + " target asks for them");
        }
        boolean block = disk.source() != null && disk.source().startsWith("/dev/");
        e.setAttribute("type", network != null ? "network" : block ? "block" : "file");
        e.setAttribute("device", disk.device() == DiskSpec.Device.CDROM ? "cdrom" : "disk");
        Element driver = HardenedDom.add(e, "driver");
        driver.setAttribute("name", flavour.diskDriverName());
        driver.setAttribute("type", disk.format() == null ? "raw" : disk.format());
        if (network != null) {
            network.writeTo(HardenedDom.add(e, "source"));
        } else if (disk.source() != null) {
            HardenedDom.add(e, "source").setAttribute(block ? "dev" : "file", disk.source());
        }
        Element target = HardenedDom.add(e, "target");
        target.setAttribute("dev", disk.target());
        target.setAttribute("bus", disk.bus().name().toLowerCase(Locale.ROOT));
        if (disk.readOnly()) {
            HardenedDom.add(e, "readonly");
        }
        return e;
    }

    /** The {@code <disk>} element of a resolved disk, for attachDeviceFlags. */
    public static String diskXml(DiskSpec resolved, DomainFlavour flavour) {
        Document doc = HardenedDom.newDocument("devices");
        Element disk = diskElement(doc, resolved, flavour);
        return HardenedDom.write(disk);
    }

    static Element nicElement(Document doc, NicSpec nic, DomainFlavour flavour, GuestMode mode) {
        Element e = doc.createElement("interface");
        e.setAttribute("type", nic.attachment().name().toLowerCase(Locale.ROOT));
        if (nic.mac() != null) {
            HardenedDom.add(e, "mac").setAttribute("address", nic.mac().toLowerCase(Locale.ROOT));
        }
        switch (nic.attachment()) {
            case NETWORK ->
                HardenedDom.add(e, "source").setAttribute("network", nic.source() == null ? "default" : nic.source());
            case BRIDGE -> {
                if (nic.source() == null) {
                    throw new DriverException(Fault.DRIVER_FAILURE, "a bridged network interface needs a bridge name");
                }
                HardenedDom.add(e, "source").setAttribute("bridge", nic.source());
            }
            case USER -> {}
        }
        HardenedDom.add(e, "model")
                .setAttribute("type", nic.model() == null ? flavour.defaultNicModel(mode) : nic.model());
        return e;
    }

    /** The {@code <interface>} element of a NIC, for attachDeviceFlags. */
    public static String nicXml(NicSpec nic, DomainFlavour flavour, GuestMode mode) {
        return HardenedDom.write(nicElement(HardenedDom.newDocument("devices"), nic, flavour, mode));
    }

    static Element hostdevElement(Document doc, String pci) {
        Matcher m = PCI.matcher(pci == null ? "" : pci.trim());
        if (!m.matches()) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE,
                    "a PCI device must be given as domain:bus:slot.function, like 0000:03:00.0, not '" + pci + "'");
        }
        Element e = doc.createElement("hostdev");
        e.setAttribute("mode", "subsystem");
        e.setAttribute("type", "pci");
        e.setAttribute("managed", "yes");
        Element address = HardenedDom.add(HardenedDom.add(e, "source"), "address");
        address.setAttribute("domain", "0x" + m.group(1).toLowerCase(Locale.ROOT));
        address.setAttribute("bus", "0x" + m.group(2).toLowerCase(Locale.ROOT));
        address.setAttribute("slot", "0x" + m.group(3).toLowerCase(Locale.ROOT));
        address.setAttribute("function", "0x" + m.group(4));
        return e;
    }

    static Element graphicsElement(Document doc, GraphicsSpec graphics) {
        Element e = doc.createElement("graphics");
        e.setAttribute("type", graphics.type().name().toLowerCase(Locale.ROOT));
        if (graphics.port() > 0) {
            e.setAttribute("port", Integer.toString(graphics.port()));
            e.setAttribute("autoport", "no");
        } else {
            e.setAttribute("port", "-1");
            e.setAttribute("autoport", "yes");
        }
        e.setAttribute("listen", graphics.listen());
        Element listen = HardenedDom.add(e, "listen");
        listen.setAttribute("type", "address");
        listen.setAttribute("address", graphics.listen());
        return e;
    }

    /** Writes the non-null fields of {@code settings} into a domain's {@code <cputune>} and {@code <memtune>}. */
    static void applyResources(Element domain, ResourceSettings settings) {
        if (settings.cpuShares() != null || settings.cpuLimitPercent() != null) {
            Element cputune = HardenedDom.ensure(domain, "cputune");
            if (settings.cpuShares() != null) {
                HardenedDom.ensure(cputune, "shares").setTextContent(Integer.toString(settings.cpuShares()));
            }
            if (settings.cpuLimitPercent() != null) {
                HardenedDom.ensure(cputune, "period").setTextContent(Long.toString(CPU_PERIOD_MICROS));
                HardenedDom.ensure(cputune, "quota").setTextContent(Long.toString(quota(settings.cpuLimitPercent())));
            }
        }
        if (settings.memoryLimitMib() != null || settings.memoryReservationMib() != null) {
            Element memtune = HardenedDom.ensure(domain, "memtune");
            if (settings.memoryLimitMib() != null) {
                Element hard = HardenedDom.ensure(memtune, "hard_limit");
                hard.setAttribute("unit", "KiB");
                hard.setTextContent(Long.toString(settings.memoryLimitMib() * 1024));
            }
            if (settings.memoryReservationMib() != null) {
                Element soft = HardenedDom.ensure(memtune, "soft_limit");
                soft.setAttribute("unit", "KiB");
                soft.setTextContent(Long.toString(settings.memoryReservationMib() * 1024));
            }
        }
    }

    /** The per-vCPU quota in microseconds for a limit in percent of one host CPU. */
    public static long quota(int percent) {
        return CPU_PERIOD_MICROS * percent / 100;
    }

    private static String bootDev(BootDevice device) {
        return switch (device) {
            case DISK -> "hd";
            case CDROM -> "cdrom";
            case NETWORK -> "network";
        };
    }

    // ---- XML to spec

    /** The spec a domain XML describes; devices the neutral spec cannot express are left out. */
    public static VmSpec fromXml(String xml) {
        Element domain = HardenedDom.parse(xml).getDocumentElement();
        String name = HardenedDom.text(domain, "name");
        String uuid = HardenedDom.text(domain, "uuid");
        Element vcpu = HardenedDom.child(domain, "vcpu");
        int vcpus = vcpu == null ? 1 : Integer.parseInt(vcpu.getTextContent().trim());
        long memoryMib = bytes(HardenedDom.child(domain, "memory")) / (1024 * 1024);
        String osType = HardenedDom.text(domain, "os", "type");
        GuestMode mode = "hvm".equals(osType) ? GuestMode.HVM : GuestMode.PV;
        List<BootDevice> boot = new ArrayList<>();
        for (Element b : HardenedDom.children(HardenedDom.child(domain, "os"), "boot")) {
            switch (b.getAttribute("dev")) {
                case "hd" -> boot.add(BootDevice.DISK);
                case "cdrom" -> boot.add(BootDevice.CDROM);
                case "network" -> boot.add(BootDevice.NETWORK);
                default -> {}
            }
        }
        if (boot.equals(List.of(BootDevice.DISK))) {
            boot = List.of();
        }
        Element devices = HardenedDom.child(domain, "devices");
        List<DiskSpec> disks = new ArrayList<>();
        for (Element d : HardenedDom.children(devices, "disk")) {
            DiskSpec disk = disk(d);
            if (disk != null) {
                disks.add(disk);
            }
        }
        List<NicSpec> nics = new ArrayList<>();
        for (Element i : HardenedDom.children(devices, "interface")) {
            NicSpec nic = nic(i);
            if (nic != null) {
                nics.add(nic);
            }
        }
        List<String> pci = new ArrayList<>();
        for (Element h : HardenedDom.children(devices, "hostdev")) {
            Element a = HardenedDom.path(h, "source", "address");
            if ("pci".equals(h.getAttribute("type")) && a != null) {
                pci.add(String.format(
                        "%04x:%02x:%02x.%x", hex(a, "domain"), hex(a, "bus"), hex(a, "slot"), hex(a, "function")));
            }
        }
        GraphicsSpec graphics = null;
        for (Element g : HardenedDom.children(devices, "graphics")) {
            String type = g.getAttribute("type");
            if (graphics == null && (type.equals("vnc") || type.equals("spice"))) {
                String port = HardenedDom.attr(g, "port");
                boolean auto = "yes".equals(g.getAttribute("autoport")) || port == null || port.equals("-1");
                String listen = HardenedDom.attr(g, "listen");
                Element l = HardenedDom.child(g, "listen");
                if (listen == null && l != null) {
                    listen = HardenedDom.attr(l, "address");
                }
                graphics = new GraphicsSpec(
                        GraphicsSpec.Type.valueOf(type.toUpperCase(Locale.ROOT)),
                        listen,
                        auto ? 0 : Integer.parseInt(port));
            }
        }
        boolean serial = !HardenedDom.children(devices, "serial").isEmpty()
                || !HardenedDom.children(devices, "console").isEmpty();
        VmLease lease = null;
        for (Element l : HardenedDom.children(devices, "lease")) {
            if (lease == null) {
                lease = lease(l);
            }
        }
        return new VmSpec(
                name,
                uuid,
                vcpus,
                memoryMib,
                mode,
                disks,
                nics,
                pci,
                boot,
                graphics,
                serial,
                resources(domain),
                lease,
                serialNumber(domain));
    }

    /** The serial number of the domain's own SMBIOS system information, if it gives one. */
    static String serialNumber(Element domain) {
        for (Element sysinfo : HardenedDom.children(domain, "sysinfo")) {
            if ("smbios".equals(sysinfo.getAttribute("type"))) {
                for (Element entry : HardenedDom.children(HardenedDom.child(sysinfo, "system"), "entry")) {
                    if ("serial".equals(entry.getAttribute("name"))) {
                        String value = entry.getTextContent().trim();
                        return value.isEmpty() || !value.matches("[\\x20-\\x7e]{1,255}") ? null : value;
                    }
                }
            }
        }
        return null;
    }

    /** The lease of a {@code <lease>} element, or null for one the SPI cannot express (no target, odd names). */
    static VmLease lease(Element l) {
        String lockspace = HardenedDom.text(l, "lockspace");
        String key = HardenedDom.text(l, "key");
        String target = HardenedDom.attr(HardenedDom.child(l, "target"), "path");
        if (lockspace == null || key == null || target == null || lockspace.contains("/")) {
            return null;
        }
        try {
            return new VmLease((target.endsWith("/") ? target : target + "/") + lockspace, key);
        } catch (IllegalArgumentException e) {
            // a relative or odd path written by someone else: not a lease Strata made
            return null;
        }
    }

    static DiskSpec disk(Element d) {
        String device = d.getAttribute("device");
        DiskSpec.Device kind;
        if (device.isEmpty() || device.equals("disk")) {
            kind = DiskSpec.Device.DISK;
        } else if (device.equals("cdrom")) {
            kind = DiskSpec.Device.CDROM;
        } else {
            return null;
        }
        Element source = HardenedDom.child(d, "source");
        boolean network = "network".equals(d.getAttribute("type"));
        String user = network ? NetworkDisk.user(d, source) : null;
        String path = source == null
                ? null
                : network
                        ? NetworkDisk.url(source, user)
                        : source.hasAttribute("file")
                                ? source.getAttribute("file")
                                : source.hasAttribute("dev") ? source.getAttribute("dev") : null;
        Element driver = HardenedDom.child(d, "driver");
        String format = driver == null ? null : HardenedDom.attr(driver, "type");
        Element target = HardenedDom.child(d, "target");
        String dev = HardenedDom.attr(target, "dev");
        return new DiskSpec(
                kind,
                path,
                format == null ? "raw" : format,
                bus(HardenedDom.attr(target, "bus"), dev),
                dev,
                HardenedDom.child(d, "readonly") != null,
                // The secret stays with libvirt: hypervisors do not give it back (DiskAuth's contract).
                user == null ? null : new DiskAuth(user, Secret.none()));
    }

    private static DiskSpec.Bus bus(String bus, String target) {
        if (bus != null) {
            try {
                return DiskSpec.Bus.valueOf(bus.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // usb, sd, fdc: no neutral equivalent; fall through to the target's prefix
            }
        }
        if (target != null && target.startsWith("xvd")) {
            return DiskSpec.Bus.XEN;
        }
        if (target != null && target.startsWith("hd")) {
            return DiskSpec.Bus.IDE;
        }
        if (target != null && target.startsWith("sd")) {
            return DiskSpec.Bus.SATA;
        }
        return DiskSpec.Bus.VIRTIO;
    }

    static NicSpec nic(Element i) {
        NicSpec.Attachment attachment;
        String source;
        Element src = HardenedDom.child(i, "source");
        switch (i.getAttribute("type")) {
            case "network" -> {
                attachment = NicSpec.Attachment.NETWORK;
                source = HardenedDom.attr(src, "network");
            }
            case "bridge" -> {
                attachment = NicSpec.Attachment.BRIDGE;
                source = HardenedDom.attr(src, "bridge");
            }
            case "user" -> {
                attachment = NicSpec.Attachment.USER;
                source = null;
            }
            default -> {
                return null;
            }
        }
        return new NicSpec(
                attachment,
                source,
                HardenedDom.attr(HardenedDom.child(i, "mac"), "address"),
                HardenedDom.attr(HardenedDom.child(i, "model"), "type"));
    }

    static ResourceSettings resources(Element domain) {
        Element cputune = HardenedDom.child(domain, "cputune");
        Integer shares = null;
        Integer limit = null;
        if (cputune != null) {
            String s = HardenedDom.text(cputune, "shares");
            shares = s == null ? null : Integer.valueOf(s);
            String q = HardenedDom.text(cputune, "quota");
            String p = HardenedDom.text(cputune, "period");
            if (q != null && Long.parseLong(q) > 0) {
                long period = p == null ? CPU_PERIOD_MICROS : Long.parseLong(p);
                limit = (int) (Long.parseLong(q) * 100 / period);
            }
        }
        Element memtune = HardenedDom.child(domain, "memtune");
        Long hard = null;
        Long soft = null;
        if (memtune != null) {
            Element h = HardenedDom.child(memtune, "hard_limit");
            hard = h == null ? null : bytes(h) / (1024 * 1024);
            Element s = HardenedDom.child(memtune, "soft_limit");
            soft = s == null ? null : bytes(s) / (1024 * 1024);
        }
        return new ResourceSettings(shares, limit, null, hard, soft);
    }

    /** An element's amount with libvirt's {@code unit} attribute (KiB when absent) in bytes. */
    static long bytes(Element e) {
        if (e == null) {
            return 0;
        }
        long value = Long.parseLong(e.getTextContent().trim());
        String unit = e.hasAttribute("unit") ? e.getAttribute("unit") : "KiB";
        return switch (unit) {
            case "b", "bytes" -> value;
            case "KB" -> value * 1000;
            case "k", "KiB" -> value * 1024;
            case "MB" -> value * 1000_000;
            case "M", "MiB" -> value * 1024 * 1024;
            case "GB" -> value * 1000_000_000;
            case "G", "GiB" -> value * 1024 * 1024 * 1024;
            case "T", "TiB" -> value * 1024L * 1024 * 1024 * 1024;
            default -> value * 1024;
        };
    }

    private static int hex(Element e, String attr) {
        String v = e.getAttribute(attr);
        return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
    }

    // ---- device lookup in existing XML

    /** Every disk target in a domain XML. */
    static Set<String> diskTargets(Element domain) {
        Set<String> targets = new HashSet<>();
        for (Element d : HardenedDom.children(HardenedDom.child(domain, "devices"), "disk")) {
            String dev = HardenedDom.attr(HardenedDom.child(d, "target"), "dev");
            if (dev != null) {
                targets.add(dev);
            }
        }
        return targets;
    }

    /** The {@code <disk>} with that target, or null. */
    static Element findDisk(Element domain, String target) {
        for (Element d : HardenedDom.children(HardenedDom.child(domain, "devices"), "disk")) {
            if (target.equals(HardenedDom.attr(HardenedDom.child(d, "target"), "dev"))) {
                return d;
            }
        }
        return null;
    }

    /** The {@code <interface>} with that MAC address (any case), or null. */
    static Element findNic(Element domain, String mac) {
        for (Element i : HardenedDom.children(HardenedDom.child(domain, "devices"), "interface")) {
            String address = HardenedDom.attr(HardenedDom.child(i, "mac"), "address");
            if (address != null && address.equalsIgnoreCase(mac)) {
                return i;
            }
        }
        return null;
    }
}
