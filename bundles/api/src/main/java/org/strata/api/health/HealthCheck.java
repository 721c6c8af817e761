package org.strata.api.health;

/**
 * One part of the platform, as the health check found it.
 *
 * @param name     {@code repository}, {@code tasks}, {@code platform}, or {@code driver:<id>}
 * @param status   UP or DOWN
 * @param required whether readiness depends on it: the repository, the task runner and the platform's start do;
 *                 a driver does not (one driver away makes only its own hosts unavailable)
 * @param detail   what was found, in words; null when there is nothing to add
 */
public record HealthCheck(String name, HealthStatus status, boolean required, String detail) {

    public static HealthCheck up(String name, boolean required, String detail) {
        return new HealthCheck(name, HealthStatus.UP, required, detail);
    }

    public static HealthCheck down(String name, boolean required, String detail) {
        return new HealthCheck(name, HealthStatus.DOWN, required, detail);
    }
}
