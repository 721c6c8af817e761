package org.strata.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.Locale;
import org.strata.api.monitor.VmSample;
import org.strata.core.monitoring.MetricsStore;

/**
 * Heap taken by the monitoring store when every series is full: VMS VMs with SAMPLES samples each, as the
 * monitor leaves it after SAMPLES rounds. The heap after a full GC is read before and after filling, with the
 * store still reachable; the difference divided by the samples is the cost of one sample, series overhead
 * included. Every sample gets its own timestamp, as the monitor's samples do (each comes from its own driver
 * call). Run by {@code bench/metrics-memory.sh}.
 */
public final class MetricsMemory {

    private MetricsMemory() {}

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: MetricsMemory VMS SAMPLES");
            System.exit(2);
        }
        int vms = Integer.parseInt(args[0]);
        int samples = Integer.parseInt(args[1]);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        String[] ids = new String[vms];
        for (int v = 0; v < vms; v++) {
            // The ids the repository hands out are UUID strings: the map keys are the same either way.
            ids[v] = new java.util.UUID(v, v).toString();
        }
        long before = usedAfterGc(memory);
        MetricsStore store = new MetricsStore(samples);
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        for (int round = 0; round < samples; round++) {
            for (int v = 0; v < vms; v++) {
                // Realistic values: fractional CPU percents and rates, so that nothing is a cached or small constant.
                store.addVm(
                        ids[v],
                        new VmSample(
                                start.plusSeconds(20L * round).plusNanos(v),
                                (v % 97) + round / 7.0,
                                256 + v % 1024,
                                1000.5 * v,
                                17.25 * round,
                                3.3 * v + round,
                                12345.678));
            }
        }
        long after = usedAfterGc(memory);
        long total = (long) vms * samples;
        System.out.printf(
                Locale.ROOT,
                "%d VMs x %d samples: %.1f MiB of heap, %.1f bytes a sample (%d series)%n",
                vms,
                samples,
                (after - before) / 1048576.0,
                (after - before) / (double) total,
                store.seriesCount());
        // Keeps the store reachable until the second measurement is taken.
        if (store.vm(ids[0], null, null).size() != samples) {
            throw new IllegalStateException("the store lost samples");
        }
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
