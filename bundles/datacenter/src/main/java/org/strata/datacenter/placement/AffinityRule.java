package org.strata.datacenter.placement;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.strata.api.datacenter.AffinityGroup;

/**
 * One affinity group as it bears on one VM being placed: the group, and where its other members are (the hosts they
 * are defined on, whatever their state, or the host a member being created was given). Pure: placement and the
 * admission of a member build it, the filter and weigher read it.
 *
 * @param group        the group
 * @param hostOfOthers each other member's host
 * @param vmNames      names of the other members, for reasons
 * @param hostNames    names of the hosts, for reasons
 */
public record AffinityRule(
        AffinityGroup group,
        Map<String, String> hostOfOthers,
        Map<String, String> vmNames,
        Map<String, String> hostNames) {

    public AffinityRule {
        hostOfOthers = Map.copyOf(hostOfOthers);
        vmNames = Map.copyOf(vmNames);
        hostNames = Map.copyOf(hostNames);
    }

    /** Why a must rule keeps the VM off this host, or null (always null for a should rule). */
    public String refusal(String hostId, Map<String, String> hostLabels) {
        if (!group.must()) {
            return null;
        }
        String where = "group '" + group.name() + "' (" + group.rule() + ")";
        if (group.vmToHost()) {
            boolean carries = carries(hostLabels);
            if (group.anti() && carries) {
                return where + ": the host carries those labels";
            }
            if (!group.anti() && !carries) {
                return where + ": the host lacks those labels";
            }
            return null;
        }
        if (group.anti()) {
            Set<String> here = new TreeSet<>();
            hostOfOthers.forEach((vm, host) -> {
                if (host.equals(hostId)) {
                    here.add("'" + vmNames.getOrDefault(vm, vm) + "'");
                }
            });
            return here.isEmpty() ? null : where + ": " + String.join(", ", here) + " already on this host";
        }
        Set<String> hosts = new HashSet<>(hostOfOthers.values());
        if (hosts.isEmpty() || hosts.contains(hostId)) {
            return null;
        }
        Set<String> named = new TreeSet<>();
        hosts.forEach(h -> named.add("'" + hostNames.getOrDefault(h, h) + "'"));
        return where + ": its VMs are on host " + String.join(", ", named);
    }

    /**
     * What a should rule makes of this host, more is better: for VM-VM rules the number of members on it (counted
     * against it for anti-affinity), for VM-host rules 1 when it follows the rule, 0 otherwise. 0 for a must rule.
     */
    public double preference(String hostId, Map<String, String> hostLabels) {
        if (group.must()) {
            return 0;
        }
        if (group.vmToHost()) {
            return carries(hostLabels) != group.anti() ? 1 : 0;
        }
        long here = hostOfOthers.values().stream().filter(hostId::equals).count();
        return group.anti() ? -here : here;
    }

    private boolean carries(Map<String, String> hostLabels) {
        return hostLabels.entrySet().containsAll(group.hostLabels().entrySet());
    }
}
