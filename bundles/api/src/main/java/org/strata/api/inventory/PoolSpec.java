package org.strata.api.inventory;

/**
 * What a caller gives to create or change a resource pool. Null allocation fields take the default on create (normal
 * shares, no reservation, no limit, expandable, the parent's cluster and tenant) and keep the pool's value on a change,
 * except the limits, which are replaced as given (null: unlimited), as they always were. See {@link ResourcePool}.
 */
public record PoolSpec(
        String datacenterId,
        String parentId,
        String name,
        String description,
        Integer cpuLimit,
        Long memoryLimitMb,
        String clusterId,
        String tenantId,
        Integer cpuShares,
        Integer memoryShares,
        Integer cpuReservation,
        Long memoryReservationMb,
        Boolean expandable) {

    /** A spec as callers wrote it before pools allocated. */
    public PoolSpec(
            String datacenterId,
            String parentId,
            String name,
            String description,
            Integer cpuLimit,
            Long memoryLimitMb) {
        this(
                datacenterId,
                parentId,
                name,
                description,
                cpuLimit,
                memoryLimitMb,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }
}
