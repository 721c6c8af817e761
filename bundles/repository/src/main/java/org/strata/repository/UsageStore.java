package org.strata.repository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
     * A tenant's rows summed per sampling instant, what a report needs of them: each row has no pool, the longest
     * period of the instant's rows, and figures such that figure x period is the sum over the pools of figure x their
     * period. A year of hourly rows of 100 pools reads as 8,760 rows instead of 876,000.
     */
    List<PoolUsageRow> tenantSums(String tenantId, Instant from, Instant to);

    /** The same for these pools (possibly several rows per instant when there are many pools). */
    List<PoolUsageRow> poolSums(Collection<String> poolIds, Instant from, Instant to);

    /** The pools of a tenant's rows in the period, each with the clusters it ran on when sampled. */
    Map<String, Set<String>> tenantPools(String tenantId, Instant from, Instant to);

    /** The clusters these pools ran on when sampled in the period. */
    Set<String> clustersOf(Collection<String> poolIds, Instant from, Instant to);

    /**
     * Replaces the raw samples older than {@code before} (a whole hour) by one hourly row per pool or cluster and hour;
     * returns how many raw rows went.
     */
    int rollUp(Instant before);

    /** Deletes every row older than {@code before}; returns how many went. */
    int prune(Instant before);
}
