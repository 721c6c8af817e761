package org.strata.api.datacenter;

import java.util.List;
import java.util.Map;

/**
 * What a caller gives to create or replace an affinity group. On a change, a null {@code vmIds} keeps the group's
 * VMs and null {@code hostLabels} keep its labels; kind and enforcement are required.
 */
public record AffinityGroupSpec(
        String name,
        String description,
        String kind,
        String enforcement,
        List<String> vmIds,
        Map<String, String> hostLabels) {}
