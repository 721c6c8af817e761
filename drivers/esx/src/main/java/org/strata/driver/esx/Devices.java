package org.strata.driver.esx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.vsphere.vim.MoRef;
import org.strata.vsphere.vim.VimElement;
import org.strata.vsphere.vim.XmlNode;

/**
 * A VM's devices between the neutral spec and vSphere's device list. Disk targets follow libvirt's ESX driver:
 * {@code sda} is SCSI 0:0, {@code sdb} 0:1 ... (unit 7 is the controller's own), {@code sdp} is SCSI 1:0;
 * {@code hda}, {@code hdb}, {@code hdc}, {@code hdd} are IDE 0:0, 0:1, 1:0, 1:1. {@code vd*} and {@code xvd*}
 * targets are taken as their {@code sd*} twins. The neutral VIRTIO bus is VMware's paravirtual SCSI controller
 * (pvscsi), any other disk bus an LSI Logic SAS controller; CD-ROMs sit on the IDE controllers every VM has.
 */
final class Devices {

    /** Keys of the two IDE controllers ESX gives every VM. */
    static final int IDE_0 = 200;

    static final int IDE_1 = 201;
    private static final int SCSI_UNITS = 15;
    private static final int SCSI_CONTROLLER_UNIT = 7;
    private static final Set<String> SCSI_CONTROLLERS = Set.of(
            "ParaVirtualSCSIController",
            "VirtualLsiLogicSASController",
            "VirtualLsiLogicController",
            "VirtualBusLogicController");
    private static final Map<String, String> NIC_TYPES = Map.of(
            "VirtualVmxnet3",
            "vmxnet3",
            "VirtualE1000",
            "e1000",
            "VirtualE1000e",
            "e1000e",
            "VirtualVmxnet2",
            "vmxnet2",
            "VirtualPCNet32",
            "pcnet32");

    /** Where a disk sits: IDE or SCSI, which controller, which unit. */
    record Slot(boolean ide, int bus, int unit) {

        /** The slot a target names; {@code UNSUPPORTED} for targets this mapping has no place for. */
        static Slot of(String target) {
            String t = target.toLowerCase(Locale.ROOT);
            String prefix = t.startsWith("xvd") ? "xvd" : t.length() > 2 ? t.substring(0, 2) : t;
            int index = index(t.substring(prefix.length()), target);
            if (prefix.equals("hd")) {
                if (index > 3) {
                    throw new DriverException(Fault.UNSUPPORTED, "IDE has four places (hda to hdd), not " + target);
                }
                return new Slot(true, index / 2, index % 2);
            }
            if (!prefix.equals("sd") && !prefix.equals("vd") && !prefix.equals("xvd")) {
                throw new DriverException(Fault.UNSUPPORTED, "'" + target + "' is no disk target ESX knows");
            }
            if (index >= 4 * SCSI_UNITS) {
                throw new DriverException(
                        Fault.UNSUPPORTED, "four SCSI controllers hold 60 disks (sda to sdbh), " + "not " + target);
            }
            int unit = index % SCSI_UNITS;
            return new Slot(false, index / SCSI_UNITS, unit < SCSI_CONTROLLER_UNIT ? unit : unit + 1);
        }

        String target() {
            if (ide) {
                return "hd" + letters(bus * 2 + unit);
            }
            int position = unit < SCSI_CONTROLLER_UNIT ? unit : unit - 1;
            return "sd" + letters(bus * SCSI_UNITS + position);
        }

        private static int index(String letters, String target) {
            if (letters.isEmpty() || !letters.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
                throw new DriverException(Fault.UNSUPPORTED, "'" + target + "' is no disk target ESX knows");
            }
            int n = 0;
            for (char c : letters.toCharArray()) {
                n = n * 26 + (c - 'a' + 1);
            }
            return n - 1;
        }

        private static String letters(int index) {
            StringBuilder out = new StringBuilder();
            int n = index + 1;
            while (n > 0) {
                n--;
                out.insert(0, (char) ('a' + n % 26));
                n /= 26;
            }
            return out.toString();
        }
    }

    /** One device of a VM as the server reports it. */
    record Device(int key, String type, int controllerKey, int unit, XmlNode node) {

        static Device of(XmlNode node) {
            return new Device(
                    node.intAt("key", 0),
                    node.xsiType(),
                    node.intAt("controllerKey", -1),
                    node.intAt("unitNumber", -1),
                    node);
        }

        boolean isDisk() {
            return "VirtualDisk".equals(type);
        }

        boolean isCdrom() {
            return "VirtualCdrom".equals(type);
        }

        boolean isNic() {
            return NIC_TYPES.containsKey(type)
                    || (node.child("macAddress") != null && node.child("addressType") != null);
        }

        boolean isScsiController() {
            return SCSI_CONTROLLERS.contains(type);
        }

        String backingFile() {
            return node.text("backing/fileName");
        }

        String mac() {
            String mac = node.text("macAddress");
            return mac == null ? null : mac.toLowerCase(Locale.ROOT);
        }
    }

    /** The devices of a VM, with their controllers looked up. */
    static final class Layout {
        final List<Device> all = new ArrayList<>();
        final Map<Integer, Device> byKey = new HashMap<>();

        Layout(XmlNode deviceArray) {
            if (deviceArray != null) {
                for (XmlNode node : deviceArray.children()) {
                    Device d = Device.of(node);
                    all.add(d);
                    byKey.put(d.key, d);
                }
            }
        }

        /** The slot of a disk or CD-ROM, or null when its controller is neither IDE nor SCSI (SATA, NVMe). */
        Slot slot(Device d) {
            Device controller = byKey.get(d.controllerKey);
            if (controller == null) {
                return null;
            }
            int bus = controller.node.intAt("busNumber", 0);
            if ("VirtualIDEController".equals(controller.type)) {
                return new Slot(true, bus, d.unit);
            }
            return controller.isScsiController() ? new Slot(false, bus, d.unit) : null;
        }

        DiskSpec.Bus bus(Device d) {
            Device controller = byKey.get(d.controllerKey);
            if (controller == null) {
                return DiskSpec.Bus.SCSI;
            }
            return switch (controller.type) {
                case "VirtualIDEController" -> DiskSpec.Bus.IDE;
                case "ParaVirtualSCSIController" -> DiskSpec.Bus.VIRTIO;
                case "VirtualAHCIController" -> DiskSpec.Bus.SATA;
                default -> DiskSpec.Bus.SCSI;
            };
        }

        /** The SCSI controller on a bus number, or null. */
        Device scsiController(int bus) {
            for (Device d : all) {
                if (d.isScsiController() && d.node.intAt("busNumber", -1) == bus) {
                    return d;
                }
            }
            return null;
        }

        Set<String> targets() {
            Set<String> used = new HashSet<>();
            for (Device d : all) {
                if (d.isDisk() || d.isCdrom()) {
                    Slot slot = slot(d);
                    if (slot != null) {
                        used.add(slot.target());
                    }
                }
            }
            return used;
        }

        Device byTarget(String target) {
            Slot wanted = Slot.of(target);
            for (Device d : all) {
                if ((d.isDisk() || d.isCdrom()) && wanted.equals(slot(d))) {
                    return d;
                }
            }
            return null;
        }

        Device byMac(String mac) {
            for (Device d : all) {
                if (d.isNic() && mac.equalsIgnoreCase(d.mac())) {
                    return d;
                }
            }
            return null;
        }

        List<DiskSpec> disks() {
            List<DiskSpec> out = new ArrayList<>();
            for (Device d : all) {
                if (!d.isDisk() && !d.isCdrom()) {
                    continue;
                }
                Slot slot = slot(d);
                String target = slot == null ? null : slot.target();
                if (d.isDisk()) {
                    out.add(new DiskSpec(
                            DiskSpec.Device.DISK,
                            d.backingFile(),
                            "vmdk",
                            bus(d),
                            target,
                            "independent_nonpersistent".equals(d.node.text("backing/diskMode"))));
                } else {
                    String iso = "VirtualCdromIsoBackingInfo".equals(xsiTypeOf(d.node.child("backing")))
                            ? d.backingFile()
                            : null;
                    out.add(new DiskSpec(DiskSpec.Device.CDROM, iso, "raw", DiskSpec.Bus.IDE, target, true));
                }
            }
            return out;
        }

        /** Whether a card is on a distributed port group, whose name only the server's network list tells. */
        boolean onDistributedPortGroups() {
            return all.stream()
                    .anyMatch(d -> d.isNic()
                            && d.node.child("backing") != null
                            && d.node.child("backing").child("port") != null);
        }

        List<NicSpec> nics(Map<MoRef, String> networkNames) {
            List<NicSpec> out = new ArrayList<>();
            for (Device d : all) {
                if (!d.isNic()) {
                    continue;
                }
                XmlNode backing = d.node.child("backing");
                String source = backing == null ? null : backing.text("deviceName");
                if (backing != null && backing.child("port") != null) {
                    String key = backing.text("port/portgroupKey");
                    source = networkNames.getOrDefault(new MoRef("DistributedVirtualPortgroup", key), key);
                }
                out.add(new NicSpec(
                        NicSpec.Attachment.NETWORK, source, d.mac(), NIC_TYPES.getOrDefault(d.type, d.type)));
            }
            return out;
        }

        /** The first free target for a new disk (SCSI) or CD-ROM (IDE), after those already {@code taken}. */
        String freeTarget(boolean cdrom, Set<String> taken) {
            Set<String> used = new HashSet<>(targets());
            used.addAll(taken);
            if (cdrom) {
                for (String t : List.of("hda", "hdb", "hdc", "hdd")) {
                    if (!used.contains(t)) {
                        return t;
                    }
                }
                throw new DriverException(Fault.CONFLICT, "all four IDE places (hda to hdd) are taken");
            }
            for (int i = 0; i < 4 * SCSI_UNITS; i++) {
                String t = "sd" + Slot.letters(i);
                if (!used.contains(t)) {
                    return t;
                }
            }
            throw new DriverException(Fault.CONFLICT, "all 60 SCSI places are taken");
        }
    }

    private static String xsiTypeOf(XmlNode node) {
        return node == null ? null : node.xsiType();
    }

    // ---- writing device changes (vim25 VirtualDeviceConfigSpec, fields in schema order)

    static VimElement add(VimElement device) {
        return VimElement.el("deviceChange", VimElement.el("operation", "add"), device);
    }

    static VimElement remove(Device device) {
        return VimElement.el(
                "deviceChange", VimElement.el("operation", "remove"), VimElement.copy("device", device.node));
    }

    /**
     * An edit of a network card that lets the server choose a new MAC address: the card as it is, with its address
     * type "generated" and no address (a clone's cards must not answer to the source's addresses).
     */
    static VimElement freshMac(Device nic) {
        List<Object> children = new ArrayList<>();
        for (XmlNode child : nic.node().children()) {
            if (child.name().equals("macAddress")) {
                continue;
            }
            children.add(
                    child.name().equals("addressType")
                            ? VimElement.el("addressType", "generated")
                            : VimElement.copy(child.name(), child));
        }
        return VimElement.el(
                "deviceChange",
                VimElement.el("operation", "edit"),
                VimElement.el("device", children).typed(nic.type()));
    }

    static VimElement scsiController(int key, int bus, boolean paravirtual) {
        return VimElement.el(
                        "device",
                        VimElement.el("key", key),
                        VimElement.el("busNumber", bus),
                        VimElement.el("sharedBus", "noSharing"))
                .typed(paravirtual ? "ParaVirtualSCSIController" : "VirtualLsiLogicSASController");
    }

    /** An existing VMDK (a datastore path, "[datastore1] web/web.vmdk"), attached as it is: no file is made. */
    static VimElement disk(int key, int controllerKey, int unit, DiskSpec disk) {
        String path = disk.source();
        if (path == null || !path.startsWith("[")) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "an ESX disk is a datastore path such as " + "'[datastore1] web/web.vmdk', not '" + path + "'");
        }
        if (disk.format() != null
                && !disk.format().equals("raw")
                && !disk.format().equals("vmdk")) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "ESX reads VMDK disks, not " + disk.format()
                            + " (convert the image with qemu-img convert -O vmdk)");
        }
        return VimElement.el(
                        "device",
                        VimElement.el("key", key),
                        VimElement.el(
                                        "backing",
                                        VimElement.el("fileName", path),
                                        VimElement.el(
                                                "diskMode",
                                                disk.readOnly() ? "independent_nonpersistent" : "persistent"))
                                .typed("VirtualDiskFlatVer2BackingInfo"),
                        VimElement.el("controllerKey", controllerKey),
                        VimElement.el("unitNumber", unit),
                        VimElement.el("capacityInKB", 0))
                .typed("VirtualDisk");
    }

    static VimElement cdrom(int key, int controllerKey, int unit, String iso) {
        VimElement backing = iso == null
                ? VimElement.el("backing", VimElement.el("deviceName", ""), VimElement.el("exclusive", false))
                        .typed("VirtualCdromRemotePassthroughBackingInfo")
                : VimElement.el("backing", VimElement.el("fileName", iso)).typed("VirtualCdromIsoBackingInfo");
        return VimElement.el(
                        "device",
                        VimElement.el("key", key),
                        backing,
                        VimElement.el(
                                "connectable",
                                VimElement.el("startConnected", true),
                                VimElement.el("allowGuestControl", true),
                                VimElement.el("connected", false)),
                        VimElement.el("controllerKey", controllerKey),
                        VimElement.el("unitNumber", unit))
                .typed("VirtualCdrom");
    }

    /** A network card on a standard port group (by name) or a distributed one (by switch and port group key). */
    static VimElement nic(int key, NicSpec nic, Network network) {
        String type = switch (nic.model() == null ? "vmxnet3" : nic.model()) {
            case "virtio", "vmxnet3" -> "VirtualVmxnet3";
            case "e1000" -> "VirtualE1000";
            case "e1000e" -> "VirtualE1000e";
            default ->
                throw new DriverException(
                        Fault.UNSUPPORTED,
                        "ESX offers vmxnet3, e1000 and e1000e " + "network cards, not " + nic.model());
        };
        VimElement backing = network.switchUuid() == null
                ? VimElement.el(
                                "backing",
                                VimElement.el("deviceName", network.name()),
                                VimElement.ref("network", network.ref()))
                        .typed("VirtualEthernetCardNetworkBackingInfo")
                : VimElement.el(
                                "backing",
                                VimElement.el(
                                        "port",
                                        VimElement.el("switchUuid", network.switchUuid()),
                                        VimElement.el(
                                                "portgroupKey", network.ref().value())))
                        .typed("VirtualEthernetCardDistributedVirtualPortBackingInfo");
        return VimElement.el(
                        "device",
                        VimElement.el("key", key),
                        backing,
                        VimElement.el(
                                "connectable",
                                VimElement.el("startConnected", true),
                                VimElement.el("allowGuestControl", true),
                                VimElement.el("connected", false)),
                        VimElement.el("addressType", nic.mac() == null ? "generated" : "manual"),
                        VimElement.el("macAddress", nic.mac()))
                .typed(type);
    }

    /** A network a host can plug VMs into: a standard port group, or a distributed port group of a switch. */
    record Network(String name, MoRef ref, String switchUuid) {}

    private Devices() {}
}
