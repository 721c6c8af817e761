package org.strata.api.hardware;

import java.time.Instant;

/** One polled reading of a sensor, as kept by the monitor. */
public record SensorSample(Instant at, Double value, String status) {}
