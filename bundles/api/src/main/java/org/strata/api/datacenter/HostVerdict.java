package org.strata.api.datacenter;

import java.util.List;
import java.util.Map;

/**
 * How placement judged one host: refused by the filters named in {@code refusals} (each "filter: why"), or possible,
 * with its score (higher is better), the weigher figures it came from, and its rank among the possible hosts (1 is
 * chosen).
 */
public record HostVerdict(
        String hostId,
        String hostName,
        boolean possible,
        List<String> refusals,
        double score,
        Map<String, Double> weights,
        int rank) {

    public HostVerdict {
        refusals = refusals == null ? List.of() : List.copyOf(refusals);
        weights = weights == null ? Map.of() : Map.copyOf(weights);
    }
}
