package org.strata.api.datacenter;

/** One live migration balancing recommends: which VM, from where to where, and why. */
public record Recommendation(
        String vmId, String vmName, String fromHostId, String toHostId, double gain, String reason) {}
