package org.strata.api.datacenter;

/**
 * The cost and utilization report (since 1.1): what tenants and pools reserved, held and used over time, and what the
 * clusters' hosts were powered on for and spared by power-saving windows, from the samples the datacenter layer
 * records. Methods throw {@link org.strata.api.StrataException} only.
 */
public interface UsageReportService {

    /** INVALID_INPUT for a bad query (see {@link UsageQuery}); NOT_FOUND for an unknown tenant, pool or cluster. */
    UsageReport report(UsageQuery query);

    /** Records one sample of every pool and cluster now, besides the periodic ones. */
    UsageSampling sampleNow();
}
