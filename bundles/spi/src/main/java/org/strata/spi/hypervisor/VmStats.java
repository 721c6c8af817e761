package org.strata.spi.hypervisor;

import java.time.Instant;

/**
 * One sample of a VM's counters. Counters only grow while the VM runs; the platform turns two samples
 * into rates, so a driver reports what the hypervisor counts and computes nothing.
 *
 * @param cpuTimeNanos      CPU time used by the guest since it started
 * @param memoryUsedBytes   memory the guest uses now (or its current balloon size when that is all there is)
 * @param diskReadBytes     bytes read from all disks since start
 * @param diskWriteBytes    bytes written to all disks since start
 * @param netRxBytes        bytes received on all interfaces since start
 * @param netTxBytes        bytes sent on all interfaces since start
 */
public record VmStats(
        Instant at,
        int cpus,
        long cpuTimeNanos,
        long memoryUsedBytes,
        long diskReadBytes,
        long diskWriteBytes,
        long netRxBytes,
        long netTxBytes) {}
