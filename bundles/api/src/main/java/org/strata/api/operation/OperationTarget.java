package org.strata.api.operation;

/** What an operation acts on. */
public enum OperationTarget {
    /** A virtual machine of the inventory. */
    VM,
    /** A VM named by its hypervisor host and the id the host's driver gives it (the older, host-scoped form). */
    HOST_VM,
    /** A bare-metal machine, through its BMC. */
    MACHINE
}
