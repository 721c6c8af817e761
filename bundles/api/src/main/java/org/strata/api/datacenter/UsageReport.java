package org.strata.api.datacenter;

import java.time.Instant;
import java.util.List;

/**
 * A cost and utilization report: its scope ({@code tenant}, {@code pool} or {@code cluster} with its id and name), the
 * period as rounded to whole steps, one {@link UsageStep} per step, the pools and clusters counted, each cluster's
 * host-hours, and the totals over the period ({@code totals}: averages over the covered time for reserved, allocated
 * and used; sums for the hours).
 */
public record UsageReport(
        String scope,
        String subjectId,
        String subjectName,
        Instant from,
        Instant to,
        String step,
        List<String> poolIds,
        List<ClusterHours> clusters,
        List<UsageStep> steps,
        UsageStep totals) {

    public UsageReport {
        poolIds = poolIds == null ? List.of() : List.copyOf(poolIds);
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
