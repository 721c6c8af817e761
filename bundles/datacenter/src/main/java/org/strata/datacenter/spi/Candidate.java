package org.strata.datacenter.spi;

import java.util.Map;
import java.util.Set;
import org.strata.api.inventory.HostState;

/**
 * A host as placement sees it when it decides: what it is, what it has, what is allocated on it and what it measured.
 *
 * @param state              its state as the platform last saw it (AVAILABLE, UNREACHABLE, ...)
 * @param maintenance        {@code none}, {@code entering} or {@code in}
 * @param capabilities       what Strata can do with it (the API's {@code HostInfo.capabilities}); empty before its first
 *                           contact
 * @param cpus               its CPUs, 0 before its first contact
 * @param memoryMb           its memory, MiB
 * @param cpuCapacity        vCPUs that may be allocated on it: CPUs times its cluster's overcommit
 * @param memoryCapacityMb   memory that may be allocated on it, MiB
 * @param allocatedCpus      vCPUs of the VMs powered on there (and of the claims admitted for it)
 * @param allocatedMemoryMb  memory of those VMs, MiB
 * @param measuredCpuPercent its CPU busy in percent over the last monitoring interval, or negative when not measured
 * @param measuredMemoryMb   its memory in use, MiB, or negative when not measured
 * @param vmIds              the VMs on it, whatever their state
 */
public record Candidate(
        String hostId,
        String name,
        String driverId,
        String clusterId,
        HostState state,
        String maintenance,
        Map<String, String> labels,
        Set<String> capabilities,
        int cpus,
        long memoryMb,
        double cpuCapacity,
        double memoryCapacityMb,
        long allocatedCpus,
        long allocatedMemoryMb,
        double measuredCpuPercent,
        long measuredMemoryMb,
        Set<String> vmIds) {

    public Candidate {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
        vmIds = vmIds == null ? Set.of() : Set.copyOf(vmIds);
    }

    /** Whether the monitor has measured the host. */
    public boolean measured() {
        return measuredCpuPercent >= 0;
    }
}
