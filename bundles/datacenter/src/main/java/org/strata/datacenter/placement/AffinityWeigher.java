package org.strata.datacenter.placement;

import java.util.List;
import org.strata.datacenter.spi.Candidate;
import org.strata.datacenter.spi.PlacementRequest;
import org.strata.datacenter.spi.PlacementWeigher;

/**
 * The should rules of the VM's affinity groups: hosts with the members of its affinity groups first, hosts with the
 * members of its anti-affinity groups last. Ten times a built-in weigher, so that a should rule is followed whenever
 * a host no filter refused allows it, as DRS follows its should rules; it is not turned round when the cluster packs.
 * Placement adds it only for a VM with should rules.
 */
final class AffinityWeigher implements PlacementWeigher, Ranking.PolicyNeutral {

    private final List<AffinityRule> rules;

    AffinityWeigher(List<AffinityRule> rules) {
        this.rules = rules.stream().filter(r -> !r.group().must()).toList();
    }

    boolean hasRules() {
        return !rules.isEmpty();
    }

    @Override
    public String name() {
        return "affinity";
    }

    @Override
    public double multiplier() {
        return 10.0;
    }

    @Override
    public double weigh(Candidate host, PlacementRequest vm) {
        double sum = 0;
        for (AffinityRule rule : rules) {
            sum += rule.preference(host.hostId(), host.labels());
        }
        return sum;
    }
}
