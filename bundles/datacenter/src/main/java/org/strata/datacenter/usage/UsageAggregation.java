package org.strata.datacenter.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.strata.api.datacenter.ClusterHours;
import org.strata.api.datacenter.UsageStep;
import org.strata.repository.ClusterUsageRow;
import org.strata.repository.PoolUsageRow;

/**
 * Turns usage samples into a report's steps, as a pure function. A sample stands for its period (the time since the
 * sample before it, or the hour of a roll-up) and counts in the step its instant falls in. Within a step, reserved,
 * allocated and used are averages over the covered time, weighted by period and summed over the pools; the covered
 * time is that of the distinct sampling instants (so that two pools sampled together count their period once), at most
 * the step. Hours are sums: running VMs, hosts on and hosts saved, each times its period.
 */
public final class UsageAggregation {

    private UsageAggregation() {}

    public record Result(List<UsageStep> steps, UsageStep totals, List<ClusterHours> clusters) {}

    /** Sums for one step, or for the whole period. */
    private static final class Sums {
        final Map<Instant, Integer> periods = new HashMap<>();
        double cpuReserved;
        double cpuAllocated;
        double cpuUsed;
        double memoryReserved;
        double memoryAllocated;
        double memoryUsed;
        double vmSeconds;
        double hostOnSeconds;
        double hostSavedSeconds;

        void instant(Instant at, int period) {
            periods.merge(at, period, Math::max);
        }

        void add(PoolUsageRow r) {
            int p = r.periodSeconds();
            instant(r.at(), p);
            cpuReserved += r.cpuReserved() * p;
            cpuAllocated += r.cpuAllocated() * p;
            cpuUsed += r.cpuUsed() * p;
            memoryReserved += r.memoryReservedMb() * p;
            memoryAllocated += r.memoryAllocatedMb() * p;
            memoryUsed += r.memoryUsedMb() * p;
            vmSeconds += r.runningVms() * p;
        }

        void add(ClusterUsageRow r) {
            instant(r.at(), r.periodSeconds());
            hostOnSeconds += r.hostsOn() * r.periodSeconds();
            hostSavedSeconds += r.hostsSaved() * r.periodSeconds();
        }

        UsageStep step(Instant start, Instant end) {
            double covered = Math.min(
                    periods.values().stream().mapToDouble(Integer::doubleValue).sum(),
                    Duration.between(start, end).toSeconds());
            return new UsageStep(
                    start,
                    end,
                    round(covered / 3600),
                    average(cpuReserved, covered),
                    average(cpuAllocated, covered),
                    average(cpuUsed, covered),
                    average(memoryReserved, covered),
                    average(memoryAllocated, covered),
                    average(memoryUsed, covered),
                    round(vmSeconds / 3600),
                    round(hostOnSeconds / 3600),
                    round(hostSavedSeconds / 3600));
        }
    }

    /**
     * @param from the first step's start, on a step boundary
     * @param to the last step's end, on a step boundary, after {@code from}
     * @param names cluster names by id (a cluster deleted since shows its id)
     */
    public static Result aggregate(
            List<PoolUsageRow> pools,
            List<ClusterUsageRow> clusters,
            Instant from,
            Instant to,
            Duration step,
            Function<String, String> names) {
        TreeMap<Instant, Sums> steps = new TreeMap<>();
        for (Instant s = from; s.isBefore(to); s = s.plus(step)) {
            steps.put(s, new Sums());
        }
        Sums total = new Sums();
        for (PoolUsageRow r : pools) {
            Map.Entry<Instant, Sums> e = steps.floorEntry(r.at());
            if (e != null && r.at().isBefore(to)) {
                e.getValue().add(r);
                total.add(r);
            }
        }
        Map<String, double[]> perCluster = new LinkedHashMap<>();
        for (ClusterUsageRow r : clusters) {
            Map.Entry<Instant, Sums> e = steps.floorEntry(r.at());
            if (e != null && r.at().isBefore(to)) {
                e.getValue().add(r);
                total.add(r);
                double[] hours = perCluster.computeIfAbsent(r.clusterId(), k -> new double[2]);
                hours[0] += r.hostsOn() * r.periodSeconds();
                hours[1] += r.hostsSaved() * r.periodSeconds();
            }
        }
        List<UsageStep> out = new ArrayList<>();
        for (Map.Entry<Instant, Sums> e : steps.entrySet()) {
            Instant end = e.getKey().plus(step);
            out.add(e.getValue().step(e.getKey(), end.isAfter(to) ? to : end));
        }
        List<ClusterHours> hours = new ArrayList<>();
        perCluster.forEach(
                (id, h) -> hours.add(new ClusterHours(id, names.apply(id), round(h[0] / 3600), round(h[1] / 3600))));
        return new Result(out, total.step(from, to), hours);
    }

    private static double average(double weighted, double covered) {
        return covered <= 0 ? 0 : round(weighted / covered);
    }

    /** Three decimals: a thousandth of a vCPU, MiB or hour is below what a sample can tell. */
    static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
