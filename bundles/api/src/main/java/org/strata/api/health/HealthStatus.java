package org.strata.api.health;

/** The state of a health check, and of the platform as a whole. */
public enum HealthStatus {
    UP,
    DOWN
}
