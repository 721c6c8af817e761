package org.strata.spi.hypervisor;

import java.time.Instant;

/**
 * One sample of a host's counters.
 *
 * @param cpuBusyNanos  CPU time spent not idle, summed over all CPUs, since the host booted
 * @param cpuTotalNanos CPU time in total, summed over all CPUs, since the host booted
 */
public record HostStats(
        Instant at, int cpus, long cpuBusyNanos, long cpuTotalNanos, long memoryTotalBytes, long memoryFreeBytes) {}
