package org.strata.api.inventory;

/** What a caller gives to create or change a resource pool. */
public record PoolSpec(
        String datacenterId, String parentId, String name, String description, Integer cpuLimit, Long memoryLimitMb) {}
