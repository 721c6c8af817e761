package org.strata.api.monitor;

import java.time.Instant;

/**
 * VM statistics over the interval that ends at {@code at}: CPU in percent of the VM's vCPUs, memory in
 * MiB, I/O in bytes per second.
 */
public record VmSample(
        Instant at,
        double cpuPercent,
        long memoryUsedMb,
        double diskReadBytesPerSec,
        double diskWriteBytesPerSec,
        double netRxBytesPerSec,
        double netTxBytesPerSec) {}
