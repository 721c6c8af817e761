package org.strata.datacenter.balance;

import java.util.List;
import java.util.Objects;

/**
 * What one balancing round proposes for a cluster.
 *
 * @param clusterId the cluster
 * @param outcome why the round stopped where it did
 * @param imbalanceBefore the metric {@code σ} of the snapshot (see {@link Balancer})
 * @param imbalanceAfter {@code σ} once every migration is done, as far as measured load predicts it
 * @param threshold the policy's {@link BalancingPolicy#actAbove}
 * @param migrations the live migrations, in order; empty when the round does not act
 * @param excluded the VMs on the hosts the round tried to relieve that cannot move, by VM id: named, never blocking
 * @param refusedByCheck how many proposed moves the caller's {@link MoveCheck} refused
 * @param summary the round in one sentence, for an administrator
 */
public record BalancingPlan(
        String clusterId,
        Outcome outcome,
        double imbalanceBefore,
        double imbalanceAfter,
        double threshold,
        List<Migration> migrations,
        List<Exclusion> excluded,
        int refusedByCheck,
        String summary) {

    /** Why a round ended. */
    public enum Outcome {
        /** Nothing to do: the metric is at or below the threshold and no host is over the high-water mark. */
        BALANCED,
        /** Fewer than two hosts accept VMs: there is nothing to balance between. */
        TOO_FEW_HOSTS,
        /** The round acted and brought the metric to half the threshold, no host over the high-water mark. */
        TARGET_REACHED,
        /** The round proposed as many migrations as the policy allows; the next round goes on. */
        CAP_REACHED,
        /** No further move brings the least gain within the high-water mark and the move check. */
        NO_GAINFUL_MOVE,
        /** The move check refused so many moves that the round gave up looking (see {@link Balancer}). */
        REFUSAL_BUDGET_SPENT
    }

    public BalancingPlan {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(outcome, "outcome");
        migrations = List.copyOf(migrations);
        excluded = List.copyOf(excluded);
        Objects.requireNonNull(summary, "summary");
    }
}
