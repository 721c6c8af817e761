package org.strata.core.vm;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.strata.api.vm.Console;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGraphics;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.spi.hypervisor.ConsoleInfo;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GraphicsSpec;
import org.strata.spi.hypervisor.GuestInfo;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmInfo;

/**
 * Translates between the API's VM spec (words, as integrators write them) and the SPI's (enums, as drivers
 * read them). API specs are expected validated ({@link VmValidation}); SPI specs come from drivers as they are.
 */
public final class VmSpecs {

    private VmSpecs() {}

    public static org.strata.spi.hypervisor.VmSpec toSpi(VmSpec spec, String uuid) {
        return new org.strata.spi.hypervisor.VmSpec(
                spec.name(),
                uuid,
                spec.cpus(),
                spec.memoryMb(),
                enumOf(
                        org.strata.spi.hypervisor.VmSpec.GuestMode.class,
                        spec.guestMode(),
                        org.strata.spi.hypervisor.VmSpec.GuestMode.HVM),
                spec.disks().stream().map(VmSpecs::toSpi).toList(),
                spec.nics().stream().map(VmSpecs::toSpi).toList(),
                spec.pciDevices(),
                spec.bootOrder().stream()
                        .map(b -> enumOf(
                                org.strata.spi.hypervisor.VmSpec.BootDevice.class,
                                b,
                                org.strata.spi.hypervisor.VmSpec.BootDevice.DISK))
                        .toList(),
                spec.graphics() == null
                        ? null
                        : new GraphicsSpec(
                                enumOf(GraphicsSpec.Type.class, spec.graphics().type(), GraphicsSpec.Type.VNC),
                                spec.graphics().listen(),
                                spec.graphics().port()),
                spec.serialConsole(),
                toSpi(spec.resources()),
                null,
                spec.serialNumber());
    }

    public static DiskSpec toSpi(VmDisk disk) {
        return new DiskSpec(
                enumOf(DiskSpec.Device.class, disk.device(), DiskSpec.Device.DISK),
                disk.source(),
                disk.format(),
                enumOf(DiskSpec.Bus.class, disk.bus(), DiskSpec.Bus.VIRTIO),
                disk.target(),
                disk.readOnly());
    }

    public static NicSpec toSpi(VmNic nic) {
        return new NicSpec(
                enumOf(NicSpec.Attachment.class, nic.attachment(), NicSpec.Attachment.NETWORK),
                nic.source(),
                nic.mac(),
                nic.model());
    }

    public static ResourceSettings toSpi(VmResources r) {
        return r == null
                ? ResourceSettings.NONE
                : new ResourceSettings(
                        r.cpuShares(),
                        r.cpuLimitPercent(),
                        r.cpuReservationPercent(),
                        r.memoryLimitMb(),
                        r.memoryReservationMb());
    }

    public static VmSpec fromSpi(org.strata.spi.hypervisor.VmSpec spec) {
        return new VmSpec(
                spec.name(),
                spec.cpus(),
                spec.memoryMb(),
                word(spec.guestMode()),
                spec.disks().stream().map(VmSpecs::disk).toList(),
                spec.nics().stream().map(VmSpecs::nic).toList(),
                spec.pciDevices().stream().map(p -> p.toLowerCase(Locale.ROOT)).toList(),
                spec.bootOrder().stream().map(VmSpecs::word).toList(),
                spec.graphics() == null
                        ? null
                        : new VmGraphics(
                                word(spec.graphics().type()),
                                spec.graphics().listen(),
                                spec.graphics().port()),
                spec.serialConsole(),
                resources(spec.resources()),
                spec.serialNumber());
    }

    public static VmDisk disk(DiskSpec disk) {
        return new VmDisk(
                word(disk.device()),
                disk.source(),
                disk.format() == null ? "raw" : disk.format(),
                word(disk.bus()),
                disk.target(),
                disk.readOnly());
    }

    public static VmNic nic(NicSpec nic) {
        return new VmNic(
                word(nic.attachment()),
                nic.source(),
                nic.mac() == null ? null : nic.mac().toLowerCase(Locale.ROOT),
                nic.model() == null ? "virtio" : nic.model());
    }

    public static VmResources resources(ResourceSettings r) {
        return r == null || r.isEmpty()
                ? null
                : new VmResources(
                        r.cpuShares(),
                        r.cpuLimitPercent(),
                        r.cpuReservationPercent(),
                        r.memoryLimitMib(),
                        r.memoryReservationMib());
    }

    /** What the inventory records for a VM whose definition cannot be read: name, CPUs and memory. */
    public static VmSpec basic(VmInfo info) {
        return VmSpec.of(info.name(), info.cpus(), info.memoryBytes() >> 20);
    }

    public static VmState state(VmInfo.PowerState state) {
        return state == null ? VmState.UNKNOWN : VmState.valueOf(state.name());
    }

    public static Console console(ConsoleInfo console) {
        return new Console(console.type(), console.address());
    }

    /**
     * The driver's guest report in the API's words: the OS keys of QEMU's {@code guest-get-osinfo} as fields (the
     * kernel is its release), null for an OS the agent did not report; time zone, users and file systems as the
     * driver gave them.
     */
    public static VmGuest guest(GuestInfo info) {
        Map<String, String> os = info.os();
        VmGuest.GuestOs guestOs = os.isEmpty()
                ? null
                : new VmGuest.GuestOs(
                        os.get("id"),
                        os.get("name"),
                        os.get("pretty-name"),
                        os.get("version"),
                        os.get("version-id"),
                        os.get("kernel-release"),
                        os.get("machine"));
        return new VmGuest(
                info.agentAnswered(),
                info.reason(),
                guestOs,
                info.hostname(),
                info.interfaces().stream()
                        .map(nic -> new VmGuest.GuestInterface(
                                nic.name(),
                                nic.mac(),
                                nic.addresses().stream()
                                        .map(a -> new VmGuest.GuestAddress(a.address(), a.prefix()))
                                        .toList()))
                        .toList(),
                info.timezone() == null
                        ? null
                        : new VmGuest.GuestTimezone(
                                info.timezone().name(), info.timezone().offsetSeconds()),
                info.users().stream()
                        .map(u -> new VmGuest.GuestUser(u.name(), u.domain(), u.loginTime()))
                        .toList(),
                info.fileSystems().stream().map(VmSpecs::fileSystem).toList());
    }

    /** A guest file system with its use as a percentage of one decimal (-1 unknown), as lists and thresholds show it. */
    static VmGuest.GuestFileSystem fileSystem(GuestInfo.FileSystem fs) {
        double percent = fs.usedPercent();
        return new VmGuest.GuestFileSystem(
                fs.mountpoint(),
                fs.type(),
                fs.totalBytes(),
                fs.usedBytes(),
                percent < 0 ? -1 : Math.round(percent * 10) / 10.0);
    }

    /** A spec with one field group replaced; the API record has no withers. */
    public static VmSpec withDisks(VmSpec s, List<VmDisk> disks) {
        return new VmSpec(
                s.name(),
                s.cpus(),
                s.memoryMb(),
                s.guestMode(),
                disks,
                s.nics(),
                s.pciDevices(),
                s.bootOrder(),
                s.graphics(),
                s.serialConsole(),
                s.resources(),
                s.serialNumber());
    }

    public static VmSpec withNics(VmSpec s, List<VmNic> nics) {
        return new VmSpec(
                s.name(),
                s.cpus(),
                s.memoryMb(),
                s.guestMode(),
                s.disks(),
                nics,
                s.pciDevices(),
                s.bootOrder(),
                s.graphics(),
                s.serialConsole(),
                s.resources(),
                s.serialNumber());
    }

    public static VmSpec withResources(VmSpec s, VmResources resources) {
        return new VmSpec(
                s.name(),
                s.cpus(),
                s.memoryMb(),
                s.guestMode(),
                s.disks(),
                s.nics(),
                s.pciDevices(),
                s.bootOrder(),
                s.graphics(),
                s.serialConsole(),
                resources,
                s.serialNumber());
    }

    /** Name, CPUs and memory as the hypervisor reports them, devices as recorded. */
    public static VmSpec withBasics(VmSpec s, VmInfo info) {
        return new VmSpec(
                info.name(),
                info.cpus(),
                info.memoryBytes() >> 20,
                s.guestMode(),
                s.disks(),
                s.nics(),
                s.pciDevices(),
                s.bootOrder(),
                s.graphics(),
                s.serialConsole(),
                s.resources(),
                s.serialNumber());
    }

    /** Null fields of {@code change} keep what {@code current} has. */
    public static VmResources merge(VmResources current, VmResources change) {
        if (current == null) {
            return change;
        }
        return new VmResources(
                change.cpuShares() != null ? change.cpuShares() : current.cpuShares(),
                change.cpuLimitPercent() != null ? change.cpuLimitPercent() : current.cpuLimitPercent(),
                change.cpuReservationPercent() != null
                        ? change.cpuReservationPercent()
                        : current.cpuReservationPercent(),
                change.memoryLimitMb() != null ? change.memoryLimitMb() : current.memoryLimitMb(),
                change.memoryReservationMb() != null ? change.memoryReservationMb() : current.memoryReservationMb());
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String word, E fallback) {
        return word == null ? fallback : Enum.valueOf(type, word.toUpperCase(Locale.ROOT));
    }

    private static String word(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
