package org.strata.repository.jdbc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.strata.api.datacenter.AffinityGroup;

/**
 * Must rules of one cluster that cannot all hold: two VMs that must share a host (through a chain of must-affinity
 * groups) and must not (a must-anti-affinity group), or a VM that must run on hosts labelled so and must not run on
 * hosts labelled so. Should rules never conflict: placement weighs them against each other.
 */
final class AffinityRules {

    private AffinityRules() {}

    /** Why the groups contradict one another, or null when they do not; {@code names} names VMs for the message. */
    static String conflict(List<AffinityGroup> groups, Function<String, String> names) {
        Map<String, String> parent = new HashMap<>();
        Map<String, AffinityGroup> together = new HashMap<>();
        for (AffinityGroup g : groups) {
            if (g.must() && !g.anti() && !g.vmToHost()) {
                for (int i = 1; i < g.vmIds().size(); i++) {
                    union(parent, g.vmIds().get(0), g.vmIds().get(i));
                }
                for (String vm : g.vmIds()) {
                    together.putIfAbsent(vm, g);
                }
            }
        }
        for (AffinityGroup g : groups) {
            if (!g.must() || !g.anti() || g.vmToHost()) {
                continue;
            }
            Map<String, String> seen = new HashMap<>();
            for (String vm : g.vmIds()) {
                String root = find(parent, vm);
                String other = seen.putIfAbsent(root, vm);
                if (other != null) {
                    return "VMs '" + names.apply(other) + "' and '" + names.apply(vm) + "' must share a host (group '"
                            + together.get(vm).name() + "', must affinity) and must not (group '" + g.name()
                            + "', must anti-affinity)";
                }
            }
        }
        for (AffinityGroup on : groups) {
            if (!on.must() || on.anti() || !on.vmToHost()) {
                continue;
            }
            for (AffinityGroup off : groups) {
                if (!off.must() || !off.anti() || !off.vmToHost()) {
                    continue;
                }
                if (!on.hostLabels().entrySet().containsAll(off.hostLabels().entrySet())) {
                    continue; // a host may carry on's labels and lack one of off's
                }
                for (String vm : on.vmIds()) {
                    if (off.vmIds().contains(vm)) {
                        return "VM '" + names.apply(vm) + "' must run on hosts " + labels(on) + " (group '" + on.name()
                                + "') and must not (group '" + off.name() + "')";
                    }
                }
            }
        }
        return null;
    }

    private static String labels(AffinityGroup g) {
        String rule = g.rule();
        return rule.substring(rule.indexOf("hosts ") + "hosts ".length());
    }

    private static String find(Map<String, String> parent, String vm) {
        String p = parent.getOrDefault(vm, vm);
        if (p.equals(vm)) {
            return vm;
        }
        String root = find(parent, p);
        parent.put(vm, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(ra, rb);
        }
    }
}
