package org.strata.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The samples of the cost and utilization report (since 1.8). Each write is one transaction. */
public interface UsageStore {

    /** One sample of every pool and cluster, all or nothing. */
    void record(List<PoolUsageRow> pools, List<ClusterUsageRow> clusters);

    /** Rows of a tenant's pools (those it owned when sampled) with {@code from <= at < to}, oldest first. */
    List<PoolUsageRow> tenantRows(String tenantId, Instant from, Instant to);

    /** Rows of these pools with {@code from <= at < to}, oldest first. */
    List<PoolUsageRow> poolRows(Collection<String> poolIds, Instant from, Instant to);

    /** Rows of these clusters with {@code from <= at < to}, oldest first. */
    List<ClusterUsageRow> clusterRows(Collection<String> clusterIds, Instant from, Instant to);

    /**
     * Replaces the raw samples older than {@code before} (a whole hour) by one hourly row per pool or cluster and hour;
     * returns how many raw rows went.
     */
    int rollUp(Instant before);

    /** Deletes every row older than {@code before}; returns how many went. */
    int prune(Instant before);
}
