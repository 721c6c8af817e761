package org.strata.spi.hypervisor;

import java.util.List;
import java.util.Objects;

/**
 * A hypervisor-neutral description of a virtual machine: what the platform asks a driver to define.
 * Each driver translates it to its own format (libvirt domain XML, a vSphere config spec) and back
 * ({@link HypervisorSession#describe}).
 *
 * @param name        the VM's name on the host, unique there
 * @param uuid        the VM's UUID, or null to let the hypervisor choose one
 * @param cpus       virtual CPUs, at least 1
 * @param memoryMb   memory in MiB, at least 1
 * @param guestMode   how the guest is virtualised: {@link GuestMode#HVM} everywhere, {@link GuestMode#PV} on Xen only
 * @param disks       disks and CD-ROM drives, in order
 * @param nics        network interfaces, in order
 * @param pciDevices  host PCI devices passed through, as {@code domain:bus:slot.function} ("0000:03:00.0")
 * @param bootOrder   devices to boot from, first first; empty means disk
 * @param graphics    a graphical console, or null for none
 * @param serialConsole whether the VM gets a serial console
 * @param resources   CPU and memory shares, limits and reservations, or {@link ResourceSettings#NONE}
 * @param lease       a lease the host must hold while the VM runs, so that a second start of the same VM on another
 *                    host is refused by the hypervisor itself (see {@link VmLease}); null for none (since 2.2)
 * @param serialNumber the serial number the VM's firmware reports as its system's (SMBIOS type 1), or null for the
 *                    hypervisor's default: how a deployed image finds its personalization (cloud-init reads
 *                    {@code ds=nocloud-net;s=URL} there). A driver that cannot set it refuses a VM that has one
 *                    with UNSUPPORTED (since 2.3)
 */
public record VmSpec(
        String name,
        String uuid,
        int cpus,
        long memoryMb,
        GuestMode guestMode,
        List<DiskSpec> disks,
        List<NicSpec> nics,
        List<String> pciDevices,
        List<BootDevice> bootOrder,
        GraphicsSpec graphics,
        boolean serialConsole,
        ResourceSettings resources,
        VmLease lease,
        String serialNumber) {

    /** A VM without a serial number of its own, as described before 2.3. */
    public VmSpec(
            String name,
            String uuid,
            int cpus,
            long memoryMb,
            GuestMode guestMode,
            List<DiskSpec> disks,
            List<NicSpec> nics,
            List<String> pciDevices,
            List<BootDevice> bootOrder,
            GraphicsSpec graphics,
            boolean serialConsole,
            ResourceSettings resources,
            VmLease lease) {
        this(
                name,
                uuid,
                cpus,
                memoryMb,
                guestMode,
                disks,
                nics,
                pciDevices,
                bootOrder,
                graphics,
                serialConsole,
                resources,
                lease,
                null);
    }

    /** A VM without a lease, as described before 2.2. */
    public VmSpec(
            String name,
            String uuid,
            int cpus,
            long memoryMb,
            GuestMode guestMode,
            List<DiskSpec> disks,
            List<NicSpec> nics,
            List<String> pciDevices,
            List<BootDevice> bootOrder,
            GraphicsSpec graphics,
            boolean serialConsole,
            ResourceSettings resources) {
        this(
                name,
                uuid,
                cpus,
                memoryMb,
                guestMode,
                disks,
                nics,
                pciDevices,
                bootOrder,
                graphics,
                serialConsole,
                resources,
                null);
    }

    public VmSpec {
        Objects.requireNonNull(name, "name");
        guestMode = guestMode == null ? GuestMode.HVM : guestMode;
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
        pciDevices = pciDevices == null ? List.of() : List.copyOf(pciDevices);
        bootOrder = bootOrder == null ? List.of() : List.copyOf(bootOrder);
        resources = resources == null ? ResourceSettings.NONE : resources;
        if (serialNumber != null && !serialNumber.matches("[\\x20-\\x7e]{1,255}")) {
            throw new IllegalArgumentException("a serial number is 1 to 255 printable ASCII characters");
        }
    }

    /** A VM with CPUs and memory only; add devices with the {@code with...} methods. */
    public static VmSpec of(String name, int cpus, long memoryMb) {
        return new VmSpec(
                name,
                null,
                cpus,
                memoryMb,
                GuestMode.HVM,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                null,
                false,
                ResourceSettings.NONE);
    }

    public VmSpec withDisks(List<DiskSpec> newDisks) {
        return new VmSpec(
                name,
                uuid,
                cpus,
                memoryMb,
                guestMode,
                newDisks,
                nics,
                pciDevices,
                bootOrder,
                graphics,
                serialConsole,
                resources,
                lease,
                serialNumber);
    }

    public VmSpec withNics(List<NicSpec> newNics) {
        return new VmSpec(
                name,
                uuid,
                cpus,
                memoryMb,
                guestMode,
                disks,
                newNics,
                pciDevices,
                bootOrder,
                graphics,
                serialConsole,
                resources,
                lease,
                serialNumber);
    }

    public VmSpec withBootOrder(List<BootDevice> order) {
        return new VmSpec(
                name,
                uuid,
                cpus,
                memoryMb,
                guestMode,
                disks,
                nics,
                pciDevices,
                order,
                graphics,
                serialConsole,
                resources,
                lease,
                serialNumber);
    }

    public VmSpec withResources(ResourceSettings newResources) {
        return new VmSpec(
                name,
                uuid,
                cpus,
                memoryMb,
                guestMode,
                disks,
                nics,
                pciDevices,
                bootOrder,
                graphics,
                serialConsole,
                newResources,
                lease,
                serialNumber);
    }

    public VmSpec withUuid(String newUuid) {
        return new VmSpec(
                name,
                newUuid,
                cpus,
                memoryMb,
                guestMode,
                disks,
                nics,
                pciDevices,
                bootOrder,
                graphics,
                serialConsole,
                resources,
                lease,
                serialNumber);
    }

    /** The same VM holding {@code newLease} while it runs (null: none). */
    public VmSpec withLease(VmLease newLease) {
        return new VmSpec(
                name,
                uuid,
                cpus,
                memoryMb,
                guestMode,
                disks,
                nics,
                pciDevices,
                bootOrder,
                graphics,
                serialConsole,
                resources,
                newLease,
                serialNumber);
    }

    /** The same VM reporting {@code newSerialNumber} as its system's serial number (null: the hypervisor's). */
    public VmSpec withSerialNumber(String newSerialNumber) {
        return new VmSpec(
                name,
                uuid,
                cpus,
                memoryMb,
                guestMode,
                disks,
                nics,
                pciDevices,
                bootOrder,
                graphics,
                serialConsole,
                resources,
                lease,
                newSerialNumber);
    }

    /** Full virtualisation (any hypervisor) or Xen paravirtualisation. */
    public enum GuestMode {
        HVM,
        PV
    }

    /** Where a VM boots from. */
    public enum BootDevice {
        DISK,
        CDROM,
        NETWORK
    }
}
