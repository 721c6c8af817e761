package org.strata.spi.hypervisor;

/**
 * Something happened to a VM on the host, whoever caused it (Strata, virsh, the guest itself).
 *
 * @param vmId   the hypervisor's id of the VM
 * @param name   its name
 * @param type   what happened
 * @param detail the hypervisor's own word for why, for people ("destroyed", "shutdown", "migrated")
 */
public record VmEvent(String vmId, String name, Type type, String detail) {

    public enum Type {
        DEFINED,
        UNDEFINED,
        STARTED,
        STOPPED,
        SUSPENDED,
        RESUMED,
        CRASHED,
        CHANGED
    }
}
