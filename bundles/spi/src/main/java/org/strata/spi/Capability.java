package org.strata.spi;

/**
 * What a driver can do beyond the mandatory part of its contract. The platform checks the set before
 * it calls an optional method, so "this driver cannot live-migrate" is an answer, not an exception.
 * New constants may be added in minor versions of the SPI; none is ever removed in a minor version.
 */
public enum Capability {
    // Hypervisor
    /** Start, shut down and power off virtual machines. */
    VM_POWER,
    /** Define and undefine virtual machines from a spec. */
    VM_DEFINE,
    /** Attach and detach devices while a VM runs. */
    DEVICE_HOTPLUG,
    /** Move a running VM to another host of the same driver. */
    LIVE_MIGRATION,
    /** Per-VM CPU and memory statistics. */
    VM_STATISTICS,
    /** Guest console access. */
    CONSOLE,
    /** Pause and resume running virtual machines (since 1.1). */
    VM_SUSPEND,
    /** CPU and memory shares, limits and reservations per VM (since 1.1). */
    RESOURCE_SETTINGS,
    /** Host CPU and memory statistics (since 1.1). */
    HOST_STATISTICS,
    /** Lifecycle events for changes made outside the platform (since 1.1). */
    VM_EVENTS,
    /** Pass host PCI devices through to VMs (since 1.1). */
    PCI_PASSTHROUGH,
    /** Take, list, revert to and delete VM snapshots (since 1.4). */
    VM_SNAPSHOT,
    /**
     * Clone a VM with the hypervisor's own disk copy (since 1.4): a hypervisor without it has its VMs cloned by the
     * platform through the storage drivers of their disks.
     */
    VM_CLONE,
    /**
     * Hold a {@link org.strata.spi.hypervisor.VmLease} while a VM runs, so that a second start elsewhere is refused
     * by the hypervisor (since 1.5): what lets HA restart a VM whose host cannot be fenced.
     */
    VM_LEASE,
    /** {@code HypervisorSession.guestExec}: programs run in guests through their agent (since 1.7). */
    GUEST_EXEC,

    // Hardware
    /** Read and change the chassis power state. */
    POWER_CONTROL,
    /** Choose the next boot device (PXE, disk, CD-ROM, BIOS). */
    BOOT_DEVICE,
    /** Read sensors (temperatures, fans, voltages) with thresholds. */
    SENSORS,
    /** Read FRU and firmware inventory. */
    HARDWARE_INVENTORY,
    /** Update firmware. */
    FIRMWARE_UPDATE,

    // Storage
    /** Create and delete volumes. */
    VOLUME_CREATE,
    /** Clone a volume. */
    VOLUME_CLONE,
    /** Grow a volume. */
    VOLUME_RESIZE,
    /** Convert a disk image made by another product (VMDK, VHD) into a volume (since 1.1). */
    VOLUME_IMPORT,
    /** Take, list, revert to and delete snapshots of a volume (since 1.4). */
    VOLUME_SNAPSHOT,
    /** Create a volume that reads unwritten blocks from another (a qcow2 backing file) (since 1.4). */
    VOLUME_LINKED_CLONE,

    // OS family
    /** Install the OS on a machine over the network (PXE, NAS, SAN). */
    OS_PROVISIONING,
    /** Patch installed systems, running or not. */
    OS_PATCHING,
    /** Report metrics from inside a guest. */
    GUEST_MONITORING,

    // Disk image tools
    /** {@code DiskImageDriver.inspect}: a disk image's OS and installed packages read without booting it (1.7). */
    IMAGE_INSPECTION,
    /** {@code DiskImageDriver.customize}: files copied into and programs run in a disk image offline (1.7). */
    IMAGE_CUSTOMIZATION
}
