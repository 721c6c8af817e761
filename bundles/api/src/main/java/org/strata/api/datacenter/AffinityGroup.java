package org.strata.api.datacenter;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A rule over VMs of one cluster, as vSphere's DRS rules, oVirt's affinity groups and OpenStack's server groups.
 * Without host labels it is a VM-VM rule: {@code affinity} keeps its VMs together on one host, {@code anti-affinity}
 * keeps each on a different host. With host labels it is a VM-host rule: {@code affinity} keeps its VMs on hosts
 * carrying all those labels, {@code anti-affinity} off them. A {@code must} rule is never broken by placement,
 * maintenance or balancing (a request that would break it is refused, a VM that cannot move without breaking it stays
 * where it is); a {@code should} rule is followed wherever a host allows it.
 *
 * @param kind        {@code affinity} or {@code anti-affinity}
 * @param enforcement {@code must} or {@code should}
 * @param vmIds       its VMs, each of the group's cluster; a VM may be in several groups
 * @param hostLabels  empty for a VM-VM rule; the labels of a VM-host rule
 */
public record AffinityGroup(
        String id,
        String clusterId,
        String name,
        String description,
        String kind,
        String enforcement,
        List<String> vmIds,
        Map<String, String> hostLabels,
        Instant created) {

    public static final String AFFINITY = "affinity";
    public static final String ANTI_AFFINITY = "anti-affinity";
    public static final String MUST = "must";
    public static final String SHOULD = "should";

    public AffinityGroup {
        vmIds = vmIds == null ? List.of() : List.copyOf(vmIds);
        hostLabels = hostLabels == null ? Map.of() : Map.copyOf(hostLabels);
    }

    public boolean must() {
        return MUST.equals(enforcement);
    }

    public boolean anti() {
        return ANTI_AFFINITY.equals(kind);
    }

    /** A VM-host rule (host labels given) rather than a VM-VM rule. */
    public boolean vmToHost() {
        return !hostLabels.isEmpty();
    }

    /** The rule in words: "must anti-affinity", "should affinity to hosts rack=r1". */
    public String rule() {
        String words = enforcement + " " + kind;
        if (!vmToHost()) {
            return words;
        }
        StringBuilder labels = new StringBuilder();
        hostLabels.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> labels.append(labels.length() == 0 ? "" : ",")
                        .append(e.getKey())
                        .append('=')
                        .append(e.getValue()));
        return words + (anti() ? " from hosts " : " to hosts ") + labels;
    }
}
