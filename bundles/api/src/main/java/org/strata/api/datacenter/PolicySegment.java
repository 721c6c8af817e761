package org.strata.api.datacenter;

import java.time.Instant;

/**
 * A stretch of time during which a cluster follows one policy: what its calendar says for the days asked for.
 *
 * @param window the window that gives the policy, or null
 * @param day    the policy day that gives it, or null (neither: the cluster's own policy)
 * @param end    null when nothing changes within a year
 */
public record PolicySegment(String policy, String window, String day, Instant start, Instant end) {}
