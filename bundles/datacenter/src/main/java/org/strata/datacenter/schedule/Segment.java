package org.strata.datacenter.schedule;

import java.time.Instant;

/**
 * A stretch of time in which the same entry of a schedule is in force, from {@code start} (included) to {@code end}
 * (excluded).
 *
 * @param policy the policy in force
 * @param window the window that gives it, or null when it comes from a policy day or is the default
 * @param day the policy day that gives it (its date as written in the schedule), or null
 * @param start the first instant of the segment (the edge, or the start of the range asked for)
 * @param end the first instant after it (the next edge, or the end of the range asked for)
 */
public record Segment(String policy, String window, String day, Instant start, Instant end) {}
