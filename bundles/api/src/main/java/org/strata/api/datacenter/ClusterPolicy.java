package org.strata.api.datacenter;

import java.util.List;

/**
 * What each policy a cluster can follow means. A cluster follows one at a time: its calendar's window of the moment,
 * or its own {@link Cluster#policy()} outside every window.
 *
 * @param name        the policy's name
 * @param placement   {@code spread} (the emptiest host first) or {@code pack} (the fullest host that fits first)
 * @param balancing   whether balancing rounds look for an imbalance
 * @param powerSaving whether power management consolidates VMs and powers emptied hosts off
 */
public record ClusterPolicy(String name, String placement, boolean balancing, boolean powerSaving) {

    public static final ClusterPolicy BALANCED = new ClusterPolicy("balanced", "spread", true, false);
    /** Balancing one level more sensitive than the cluster's, and never a host powered off. */
    public static final ClusterPolicy PERFORMANCE = new ClusterPolicy("performance", "spread", true, false);

    public static final ClusterPolicy POWER_SAVING = new ClusterPolicy("power-saving", "pack", false, true);

    public static final List<ClusterPolicy> ALL = List.of(BALANCED, PERFORMANCE, POWER_SAVING);

    /** The policy of that name, or null. */
    public static ClusterPolicy named(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }
}
