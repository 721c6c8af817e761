package org.strata.api.datacenter;

import java.util.Map;

/**
 * A VM to place, as far as placement needs to know it: its pool (or a cluster, for a VM in no pool), its size, the
 * labels a host must carry, and the VM to leave out of the picture (a running VM being moved). Null sizes mean 1 vCPU
 * and 512 MiB.
 */
public record PlacementQuery(
        String poolId, String clusterId, Integer cpus, Long memoryMb, Map<String, String> labels, String vmId) {

    public PlacementQuery {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}
