package org.strata.api.datacenter;

import java.util.List;

/** A pool with its allocation now and its child pools: a node of the pool tree. */
public record PoolUsage(
        String poolId,
        String name,
        String parentId,
        String clusterId,
        String tenantId,
        boolean expandable,
        Allocation cpu,
        Allocation memoryMb,
        int vms,
        int runningVms,
        List<PoolUsage> children) {

    public PoolUsage {
        children = children == null ? List.of() : List.copyOf(children);
    }
}
