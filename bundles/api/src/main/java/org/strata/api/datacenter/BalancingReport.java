package org.strata.api.datacenter;

import java.time.Instant;
import java.util.List;

/**
 * What one balancing round of a cluster finds, from measured load: the imbalance (the spread of the hosts' CPU and
 * memory load, 0 when even), the threshold above which the cluster's level acts, the migrations it recommends (at
 * most the cluster's cap), and the VMs left out of the plan because they cannot move, each with why.
 *
 * @param outcome {@code balanced}, {@code planned}, or why the round stopped short
 */
public record BalancingReport(
        String clusterId,
        String policy,
        int level,
        String outcome,
        double imbalanceBefore,
        double imbalanceAfter,
        double threshold,
        List<Recommendation> recommendations,
        List<String> excluded,
        String summary,
        Instant computed) {

    public BalancingReport {
        recommendations = List.copyOf(recommendations);
        excluded = List.copyOf(excluded);
    }
}
