package org.strata.api.health;

import java.util.List;

/**
 * Whether Strata is alive and ready to work, and why, as load balancers, service managers and the launcher ask.
 *
 * @param status UP when ready, DOWN otherwise
 * @param live   the platform answers (a JVM that answers is live; it says nothing about its parts)
 * @param ready  every check marked {@code required} is UP: requests can be served as usual
 * @param checks each part that was checked, required ones first
 */
public record Health(HealthStatus status, boolean live, boolean ready, List<HealthCheck> checks) {

    public Health {
        checks = List.copyOf(checks);
    }

    /** Ready when every required check is up. */
    public static Health of(List<HealthCheck> checks) {
        boolean ready = checks.stream().filter(HealthCheck::required).allMatch(c -> c.status() == HealthStatus.UP);
        return new Health(ready ? HealthStatus.UP : HealthStatus.DOWN, true, ready, checks);
    }
}
