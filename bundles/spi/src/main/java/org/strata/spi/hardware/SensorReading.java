package org.strata.spi.hardware;

/**
 * One sensor's reading, with the thresholds the BMC defines for it (null where it has none). IPMI names
 * six: lower and upper non-critical (a warning), critical, and non-recoverable.
 *
 * @param type   the sensor type in the BMC's words ("Temperature", "Fan", "Voltage")
 * @param value  the reading in {@code unit}, or null when the sensor reads nothing (absent, disabled)
 * @param status NORMAL, or the most severe threshold the reading has crossed
 */
public record SensorReading(
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
        Status status) {

    /** The SPI 1.0 form: critical thresholds only. */
    public SensorReading(
            String name,
            String type,
            Double value,
            String unit,
            Double lowerCritical,
            Double upperCritical,
            Status status) {
        this(name, type, value, unit, null, lowerCritical, null, null, upperCritical, null, status);
    }

    /** WARNING is a non-critical threshold crossed; NON_RECOVERABLE (since 1.1) the worst. */
    public enum Status {
        NORMAL,
        WARNING,
        CRITICAL,
        UNKNOWN,
        NON_RECOVERABLE
    }
}
