package org.strata.datacenter.schedule;

import java.time.Instant;

/**
 * A change of a cluster's schedule entry in force, as {@link EdgeClock} reports it.
 *
 * @param clusterId the cluster whose schedule it is
 * @param at the edge: the instant the schedule gives, not the (later) instant it was noticed
 * @param oldPolicy the policy before
 * @param newPolicy the policy from {@code at} on; it may equal {@code oldPolicy} when two adjacent windows apply one
 *     policy
 * @param window the window in force from {@code at} on, or null
 * @param day the policy day in force from {@code at} on (its date as written), or null
 */
public record PolicyEdge(String clusterId, Instant at, String oldPolicy, String newPolicy, String window, String day) {}
