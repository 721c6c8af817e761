package org.strata.api.ha;

import java.util.List;

/** A change to a cluster's HA settings: null fields keep the cluster's value; an empty lease directory removes it. */
public record ClusterHaSpec(
        Boolean enabled,
        Admission admission,
        Integer hostFailures,
        Integer cpuPercent,
        Integer memoryPercent,
        List<String> failoverHosts,
        String leaseDirectory) {}
