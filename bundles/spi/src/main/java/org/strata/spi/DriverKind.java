package org.strata.spi;

/** The five kinds of driver and the contract each implements. */
public enum DriverKind {
    /** Bare-metal machines through their BMC: {@link org.strata.spi.hardware.HardwareDriver}. */
    HARDWARE,
    /** Hypervisor hosts and their VMs: {@link org.strata.spi.hypervisor.HypervisorDriver}. */
    HYPERVISOR,
    /** Storage backends and their volumes: {@link org.strata.spi.storage.StorageDriver}. */
    STORAGE,
    /** Operating system families, for provisioning and guests: {@link org.strata.spi.os.OsFamilyDriver}. */
    OS_FAMILY,
    /** Tools that read and change disk images without booting them (since 1.7): {@link org.strata.spi.image.DiskImageDriver}. */
    IMAGE_TOOLS
}
