package org.strata.datacenter.schedule;

import java.time.Instant;

/**
 * What a cluster's schedule says at one instant.
 *
 * @param policy the policy in force
 * @param window the window that gives it, or null when it comes from a policy day or is the default
 * @param day the policy day that gives it (its date as written in the schedule), or null
 * @param since the last edge at or before the instant, or null if there was none within {@link
 *     PolicyCalendar#HORIZON}
 * @param until the next edge after the instant, or null if there is none within {@link PolicyCalendar#HORIZON}
 */
public record Activation(String policy, String window, String day, Instant since, Instant until) {}
