package org.strata.repository;

import java.time.Instant;

/**
 * One cluster's usage sample (since 1.8): hosts that are members, hosts the platform reached, hosts off (not in
 * maintenance) while the cluster followed the power-saving policy; averages over the hour for a roll-up.
 */
public record ClusterUsageRow(
        String clusterId,
        Instant at,
        boolean hourly,
        int periodSeconds,
        String policy,
        double hosts,
        double hostsOn,
        double hostsSaved) {}
