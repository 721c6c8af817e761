package org.strata.api.hardware;

/**
 * A hardware sensor as its BMC reports it now. Thresholds are null where the sensor has none.
 *
 * @param status "NORMAL", "WARNING" (a non-critical threshold crossed), "CRITICAL", "NON_RECOVERABLE", "UNKNOWN"
 */
public record Sensor(
        String name,
        String type,
        Double value,
        String unit,
        Double lowerNonRecoverable,
        Double lowerCritical,
        Double lowerNonCritical,
        Double upperNonCritical,
        Double upperCritical,
        Double upperNonRecoverable,
        String status) {}
