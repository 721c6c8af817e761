package org.strata.datacenter.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strata.api.datacenter.HostVerdict;
import org.strata.datacenter.spi.Candidate;
import org.strata.datacenter.spi.PlacementFilter;
import org.strata.datacenter.spi.PlacementRequest;
import org.strata.datacenter.spi.PlacementWeigher;

/**
 * The decision itself, over hosts already gathered: filters, then weighers, as oVirt's and Nova's schedulers do. Pure
 * and without shared state, so that it is measured alone (bench) and tested without a platform.
 */
public final class Ranking {

    private final List<PlacementFilter> filters;
    private final List<PlacementWeigher> weighers;

    public Ranking(List<PlacementFilter> filters, List<PlacementWeigher> weighers) {
        this.filters = List.copyOf(filters);
        this.weighers = List.copyOf(weighers);
    }

    /** The units Strata ships, in their order: what placement starts from before other bundles' units join. */
    public static Ranking builtIn() {
        return new Ranking(BuiltInFilters.all(), BuiltInWeighers.all());
    }

    /**
     * A weigher whose preference does not depend on the cluster's policy (affinity rules): its figures are not
     * turned round when the cluster packs VMs.
     */
    interface PolicyNeutral {}

    /** The decision: every host judged, possible hosts first by rank, then refused ones by name. */
    public record Decision(String chosenHostId, List<HostVerdict> verdicts) {}

    /**
     * Ranks the hosts for the VM. With {@code explain}, every filter is asked about every host (so that an
     * explanation lists all the reasons a host is refused) and every weigher's figure is kept; without, a host is
     * dropped at its first refusal and only the choice is worked out.
     */
    public Decision rank(List<Candidate> hosts, PlacementRequest vm, boolean explain) {
        int n = hosts.size();
        List<Candidate> possible = new ArrayList<>(n);
        List<HostVerdict> refused = explain ? new ArrayList<>() : List.of();
        for (Candidate host : hosts) {
            List<String> reasons = null;
            for (PlacementFilter filter : filters) {
                String why = filter.refuse(host, vm);
                if (why != null) {
                    if (!explain) {
                        reasons = List.of();
                        break;
                    }
                    if (reasons == null) {
                        reasons = new ArrayList<>(2);
                    }
                    reasons.add(filter.name() + ": " + why);
                }
            }
            if (reasons == null) {
                possible.add(host);
            } else if (explain) {
                refused.add(new HostVerdict(host.hostId(), host.name(), false, reasons, 0, Map.of(), 0));
            }
        }
        int m = possible.size();
        double[] total = new double[m];
        double[][] figures = explain ? new double[weighers.size()][] : null;
        for (int w = 0; w < weighers.size(); w++) {
            PlacementWeigher weigher = weighers.get(w);
            double[] raw = new double[m];
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                raw[i] = weigher.weigh(possible.get(i), vm);
                min = Math.min(min, raw[i]);
                max = Math.max(max, raw[i]);
            }
            double span = max - min;
            for (int i = 0; i < m; i++) {
                // Scaled to 0..1 over the hosts, so that weighers with different units add up; equal figures are 1.
                double scaled = span > 0 ? (raw[i] - min) / span : 1.0;
                if (vm.packs() && !(weigher instanceof PolicyNeutral)) {
                    scaled = 1.0 - scaled;
                }
                raw[i] = scaled * weigher.multiplier();
                total[i] += raw[i];
            }
            if (explain) {
                figures[w] = raw;
            }
        }
        // Highest score first; ties go to the host whose name sorts first, so that a decision can be repeated.
        Comparator<Integer> best = Comparator.<Integer>comparingDouble(i -> -total[i])
                .thenComparing(i -> possible.get(i).name())
                .thenComparing(i -> possible.get(i).hostId());
        if (!explain) {
            int top = -1;
            for (int i = 0; i < m; i++) {
                if (top < 0 || total[i] > total[top] || (total[i] == total[top] && best.compare(i, top) < 0)) {
                    top = i;
                }
            }
            return new Decision(top < 0 ? null : possible.get(top).hostId(), List.of());
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, best);
        List<HostVerdict> verdicts = new ArrayList<>(n);
        for (int r = 0; r < m; r++) {
            int i = order[r];
            Map<String, Double> weights = new LinkedHashMap<>();
            for (int w = 0; w < weighers.size(); w++) {
                weights.put(weighers.get(w).name(), round(figures[w][i]));
            }
            Candidate host = possible.get(i);
            verdicts.add(new HostVerdict(host.hostId(), host.name(), true, List.of(), round(total[i]), weights, r + 1));
        }
        refused.sort(Comparator.comparing(HostVerdict::hostName).thenComparing(HostVerdict::hostId));
        verdicts.addAll(refused);
        return new Decision(m == 0 ? null : possible.get(order[0]).hostId(), verdicts);
    }

    public List<String> filterNames() {
        return filters.stream().map(PlacementFilter::name).toList();
    }

    public List<String> weigherNames() {
        return weighers.stream().map(w -> w.name() + " x" + w.multiplier()).toList();
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
