package org.strata.datacenter.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.strata.datacenter.spi.Candidate;
import org.strata.datacenter.spi.PlacementFilter;
import org.strata.datacenter.spi.PlacementRequest;

/** The must rules of the VM's affinity groups: a host that would break one never gets the VM. */
final class AffinityFilter implements PlacementFilter {

    private final List<AffinityRule> rules;

    AffinityFilter(List<AffinityRule> rules) {
        this.rules = rules.stream().filter(r -> r.group().must()).toList();
    }

    @Override
    public String name() {
        return "affinity";
    }

    @Override
    public String refuse(Candidate host, PlacementRequest vm) {
        return refuse(host.hostId(), host.labels());
    }

    /** The same question for a host named outright (a member created on a given host). */
    String refuse(String hostId, Map<String, String> labels) {
        List<String> reasons = null;
        for (AffinityRule rule : rules) {
            String why = rule.refusal(hostId, labels);
            if (why != null) {
                if (reasons == null) {
                    reasons = new ArrayList<>(1);
                }
                reasons.add(why);
            }
        }
        return reasons == null ? null : String.join("; ", reasons);
    }
}
