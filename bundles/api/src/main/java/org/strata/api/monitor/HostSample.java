package org.strata.api.monitor;

import java.time.Instant;

/** Host statistics over the interval that ends at {@code at}: CPU busy in percent, memory in MiB. */
public record HostSample(Instant at, double cpuPercent, long memoryUsedMb, long memoryTotalMb) {}
