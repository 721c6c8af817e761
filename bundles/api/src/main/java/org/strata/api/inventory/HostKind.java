package org.strata.api.inventory;

/**
 * What a host is, stored with it so that it is known while its driver is away: the kind follows from the driver
 * that manages the host (a hypervisor, storage or hardware driver) and is recorded when the host is added.
 */
public enum HostKind {
    /** A hypervisor host that runs virtual machines (driver kind HYPERVISOR). */
    HYPERVISOR,
    /** A storage backend with pools and volumes (driver kind STORAGE). */
    STORAGE,
    /** A bare-metal machine reached through its BMC (driver kind HARDWARE). */
    MACHINE
}
