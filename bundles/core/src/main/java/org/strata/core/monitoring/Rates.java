package org.strata.core.monitoring;

import java.time.Duration;
import java.util.Optional;
import org.strata.api.monitor.HostSample;
import org.strata.api.monitor.VmSample;
import org.strata.spi.hypervisor.HostStats;
import org.strata.spi.hypervisor.VmStats;

/**
 * Turns two consecutive counter samples into the rates of the interval between them. Drivers report raw
 * counters (SPI: "a driver computes nothing") so that every driver's numbers mean the same.
 */
public final class Rates {

    private Rates() {}

    /**
     * CPU in percent of the VM's vCPUs ({@code delta cpu time / (delta t x vcpus)}), I/O in bytes per second.
     * Empty when the interval is not positive or a counter went down (the VM restarted, counters reset): such a
     * pair says nothing about a rate, and the next sample starts over from {@code current}.
     */
    public static Optional<VmSample> vm(VmStats previous, VmStats current) {
        long nanos = Duration.between(previous.at(), current.at()).toNanos();
        if (nanos <= 0
                || current.cpuTimeNanos() < previous.cpuTimeNanos()
                || current.diskReadBytes() < previous.diskReadBytes()
                || current.diskWriteBytes() < previous.diskWriteBytes()
                || current.netRxBytes() < previous.netRxBytes()
                || current.netTxBytes() < previous.netTxBytes()) {
            return Optional.empty();
        }
        double seconds = nanos / 1e9;
        int vcpus = Math.max(1, current.cpus());
        double cpu = 100.0 * (current.cpuTimeNanos() - previous.cpuTimeNanos()) / ((double) nanos * vcpus);
        return Optional.of(new VmSample(
                current.at(),
                Math.min(100.0, cpu),
                current.memoryUsedBytes() >> 20,
                (current.diskReadBytes() - previous.diskReadBytes()) / seconds,
                (current.diskWriteBytes() - previous.diskWriteBytes()) / seconds,
                (current.netRxBytes() - previous.netRxBytes()) / seconds,
                (current.netTxBytes() - previous.netTxBytes()) / seconds));
    }

    /** CPU busy in percent of all the host's CPUs over the interval; memory used and total now. */
    public static Optional<HostSample> host(HostStats previous, HostStats current) {
        long total = current.cpuTotalNanos() - previous.cpuTotalNanos();
        long busy = current.cpuBusyNanos() - previous.cpuBusyNanos();
        if (total <= 0 || busy < 0 || !current.at().isAfter(previous.at())) {
            return Optional.empty();
        }
        long totalMb = current.memoryTotalBytes() >> 20;
        long usedMb = Math.max(0, current.memoryTotalBytes() - current.memoryFreeBytes()) >> 20;
        return Optional.of(new HostSample(current.at(), Math.min(100.0, 100.0 * busy / total), usedMb, totalMb));
    }
}
