package org.strata.api.inventory;

import java.time.Instant;

/**
 * A resource pool inside a datacenter, for a tenant or a service. Pools nest: {@code parentId}
 * is null for a pool at the top of its datacenter. Limits are optional (null means unlimited).
 */
public record ResourcePool(
        String id,
        String datacenterId,
        String parentId,
        String name,
        String description,
        Integer cpuLimit,
        Long memoryLimitMb,
        Instant created) {}
