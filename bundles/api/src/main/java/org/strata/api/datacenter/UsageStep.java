package org.strata.api.datacenter;

import java.time.Instant;

/**
 * One step of a usage report, summed over the pools (and clusters) in the report's scope. CPU in vCPUs, memory in MiB:
 * averages over the step's samples ({@code reserved}: the pools' reservations; {@code allocated}: vCPUs and memory of
 * their powered-on VMs; {@code used}: what those VMs were measured using). {@code coveredHours}: how much of the step
 * has samples (less than the step when the platform or the datacenter layer was not running). {@code vmHours}: hours
 * of powered-on VMs; {@code hostHoursPoweredOn}: hours the clusters' hosts were reachable; {@code hostHoursSaved}:
 * hours hosts were off while their cluster followed the power-saving policy.
 */
public record UsageStep(
        Instant start,
        Instant end,
        double coveredHours,
        double cpuReserved,
        double cpuAllocated,
        double cpuUsed,
        double memoryReservedMb,
        double memoryAllocatedMb,
        double memoryUsedMb,
        double vmHours,
        double hostHoursPoweredOn,
        double hostHoursSaved) {}
