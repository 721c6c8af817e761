package org.strata.spi.hardware;

/**
 * One sensor's reading. Thresholds are null where the sensor has none.
 *
 * @param status NORMAL, or the most severe threshold crossed
 */
public record SensorReading(String name, String type, Double value, String unit,
                            Double lowerCritical, Double upperCritical, Status status) {

    public enum Status { NORMAL, WARNING, CRITICAL, UNKNOWN }
}
