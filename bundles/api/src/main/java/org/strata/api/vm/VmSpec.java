package org.strata.api.vm;

import java.util.List;

/**
 * A hypervisor-neutral VM definition, as integrators write it. Every driver understands it; one that
 * cannot give what it asks (PV on KVM, PCI pass-through on the test driver) refuses with 501.
 *
 * @param name          unique on its host: letters, digits, '.', '_', '-'
 * @param cpus          virtual CPUs (1..256)
 * @param memoryMb      memory in MiB (at least 16)
 * @param guestMode     "hvm" (default) or "pv" (Xen paravirtualisation)
 * @param disks         disks and CD-ROM drives
 * @param nics          network interfaces
 * @param pciDevices    host PCI devices to pass through, "0000:03:00.0"
 * @param bootOrder     "disk", "cdrom", "network", first first; empty means disk
 * @param graphics      a graphical console, or null
 * @param serialConsole whether the VM gets a serial console
 * @param resources     shares, limits and reservations, or null
 * @param serialNumber  the serial number the VM's firmware reports as its system's (SMBIOS), or null for the
 *                      hypervisor's; the OS layer's image deploy writes the OS's personalization seed there
 *                      (since 2.4; 501 on a hypervisor that cannot set it)
 */
public record VmSpec(
        String name,
        int cpus,
        long memoryMb,
        String guestMode,
        List<VmDisk> disks,
        List<VmNic> nics,
        List<String> pciDevices,
        List<String> bootOrder,
        VmGraphics graphics,
        boolean serialConsole,
        VmResources resources,
        String serialNumber) {

    /** A VM without a serial number of its own, as written before 2.4. */
    public VmSpec(
            String name,
            int cpus,
            long memoryMb,
            String guestMode,
            List<VmDisk> disks,
            List<VmNic> nics,
            List<String> pciDevices,
            List<String> bootOrder,
            VmGraphics graphics,
            boolean serialConsole,
            VmResources resources) {
        this(
                name,
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
        disks = disks == null ? List.of() : List.copyOf(disks);
        nics = nics == null ? List.of() : List.copyOf(nics);
        pciDevices = pciDevices == null ? List.of() : List.copyOf(pciDevices);
        bootOrder = bootOrder == null ? List.of() : List.copyOf(bootOrder);
    }

    public static VmSpec of(String name, int cpus, long memoryMb) {
        return new VmSpec(name, cpus, memoryMb, "hvm", List.of(), List.of(), List.of(), List.of(), null, false, null);
    }
}
