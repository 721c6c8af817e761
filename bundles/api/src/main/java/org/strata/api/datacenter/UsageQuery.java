package org.strata.api.datacenter;

import java.time.Instant;

/**
 * What a usage report covers: exactly one of a tenant (id or name), a pool (with its sub-pools) or a cluster, over
 * [{@code from}, {@code to}) in steps of an hour or a day (UTC). {@code from} is rounded down and {@code to} up to
 * whole steps; null {@code to} is now, null {@code from} one day (step hour) or 30 days (step day) before {@code to},
 * null {@code step} is {@code day}.
 */
public record UsageQuery(String tenant, String poolId, String clusterId, Instant from, Instant to, String step) {}
