package org.strata.api.inventory;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a hypervisor host reported about itself at its last contact.
 *
 * @param numaNodes    NUMA topology
 * @param guestTypes   kinds of guest it runs ("kvm", "qemu", "xen-pv", "xen-hvm")
 * @param capabilities what Strata can do with this host: the driver's capabilities less those the host lacks
 * @param refreshed    when it was read
 */
public record HostInfo(
        String hostname,
        String hypervisor,
        String hypervisorVersion,
        String cpuModel,
        int cpus,
        long memoryMb,
        List<NumaNode> numaNodes,
        Set<String> guestTypes,
        Set<String> capabilities,
        Instant refreshed) {

    public HostInfo {
        numaNodes = numaNodes == null ? List.of() : List.copyOf(numaNodes);
        guestTypes = guestTypes == null ? Set.of() : Set.copyOf(guestTypes);
        capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
    }

    /** One NUMA node. */
    public record NumaNode(int id, int cpus, long memoryMb) {}
}
