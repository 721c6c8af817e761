package org.strata.spi.hypervisor;

/** A virtual machine as its hypervisor reports it. */
public record VmInfo(String id, String name, PowerState state, int cpus, long memoryBytes) {

    /** Hypervisor-neutral power state. */
    public enum PowerState {
        RUNNING,
        STOPPED,
        PAUSED,
        SUSPENDED,
        CRASHED,
        UNKNOWN
    }
}
