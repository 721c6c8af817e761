package org.strata.repository;

import java.time.Instant;

/**
 * One pool's usage sample (since 1.8): it stands for {@code periodSeconds} ending at {@code at}; an hourly roll-up
 * starts at its hour and holds the hour's averages. CPU in vCPUs, memory in MiB.
 */
public record PoolUsageRow(
        String poolId,
        Instant at,
        boolean hourly,
        int periodSeconds,
        String tenantId,
        String clusterId,
        double cpuReserved,
        double cpuAllocated,
        double cpuUsed,
        double memoryReservedMb,
        double memoryAllocatedMb,
        double memoryUsedMb,
        double vms,
        double runningVms) {}
