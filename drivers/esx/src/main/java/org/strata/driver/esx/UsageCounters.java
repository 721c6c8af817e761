package org.strata.driver.esx;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns vSphere's instantaneous usage (quick statistics: MHz in use now) into the ever-growing counters the SPI
 * reports, by summing usage times elapsed time between two reads. The first read of a VM or host starts at zero;
 * the platform only ever uses differences between reads.
 */
final class UsageCounters {

    /** The host's counters: CPU time busy and in total, summed over all CPUs. */
    record Sample(long busyNanos, long totalNanos) {}

    private record Running(Instant at, double rate, double sum) {}

    private final Map<String, Running> vms = new HashMap<>();
    // The host's running sum of busy time, and its total; guarded by this.
    private Running hostBusy;
    private long hostTotal;

    /**
     * @param cpusInUse how many host CPUs' worth the VM uses now (MHz in use / MHz of one CPU)
     * @return the VM's CPU time so far, in nanoseconds
     */
    synchronized long vm(String vmId, Instant now, double cpusInUse) {
        Running r = vms.get(vmId);
        double sum = r == null ? 0 : r.sum + r.rate * elapsedNanos(r.at, now);
        vms.put(vmId, new Running(now, cpusInUse, sum));
        return (long) sum;
    }

    synchronized void forget(String vmId) {
        vms.remove(vmId);
    }

    /**
     * @param busyFraction the share of all the host's CPUs in use now (0..1)
     * @param uptime       how long the host has run: the first read starts its total there, and its busy time at
     *                     the same share of it (the best guess a rate allows)
     */
    synchronized Sample host(Instant now, double busyFraction, int cpus, Duration uptime) {
        double sum;
        if (hostBusy == null) {
            hostTotal = uptime.toNanos() * cpus;
            sum = busyFraction * hostTotal;
        } else {
            long elapsed = elapsedNanos(hostBusy.at, now);
            sum = hostBusy.sum + hostBusy.rate * elapsed * cpus;
            hostTotal += elapsed * cpus;
        }
        hostBusy = new Running(now, busyFraction, sum);
        return new Sample((long) sum, hostTotal);
    }

    private static long elapsedNanos(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toNanos());
    }
}
