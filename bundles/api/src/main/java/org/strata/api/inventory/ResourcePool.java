package org.strata.api.inventory;

import java.time.Instant;

/**
 * A resource pool inside a datacenter, for a tenant or a service. Pools nest: {@code parentId} is null for a pool at
 * the top of its datacenter (or of its cluster).
 *
 * <p>Allocation (since 2.1, as vSphere's pools): CPU is counted in vCPUs and memory in MiB of powered-on VMs. A
 * <em>reservation</em> is capacity set aside for the pool that its siblings cannot take; a <em>limit</em> is the most
 * its VMs and child pools may hold together (null: unlimited); an <em>expandable</em> reservation lets the pool take
 * what its parent has unreserved once its own reservation is used up. <em>Shares</em> weigh the pool's VMs against
 * others on the same host under contention (normal 4000, as vSphere's pools; low 2000, high 8000). {@code clusterId}
 * is the cluster whose hosts the pool's VMs run on (null: any hypervisor host of the datacenter); {@code tenantId} the
 * tenant that owns the pool and its VMs (null: the platform's). Children inherit both.
 */
public record ResourcePool(
        String id,
        String datacenterId,
        String parentId,
        String name,
        String description,
        Integer cpuLimit,
        Long memoryLimitMb,
        Instant created,
        String clusterId,
        String tenantId,
        int cpuShares,
        int memoryShares,
        int cpuReservation,
        long memoryReservationMb,
        boolean expandable) {

    /** Shares of a pool nobody set: vSphere's "normal" for a pool. */
    public static final int NORMAL_SHARES = 4000;

    /** A pool as described before pools allocated: no cluster, no tenant, normal shares, no reservation. */
    public ResourcePool(
            String id,
            String datacenterId,
            String parentId,
            String name,
            String description,
            Integer cpuLimit,
            Long memoryLimitMb,
            Instant created) {
        this(
                id,
                datacenterId,
                parentId,
                name,
                description,
                cpuLimit,
                memoryLimitMb,
                created,
                null,
                null,
                NORMAL_SHARES,
                NORMAL_SHARES,
                0,
                0,
                true);
    }
}
