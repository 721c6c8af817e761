package org.strata.spi.hypervisor;

/** What a hypervisor host reports about itself. */
public record HostFacts(String hostname, String hypervisor, String hypervisorVersion, String cpuModel,
                        int cpus, long memoryBytes) {
}
