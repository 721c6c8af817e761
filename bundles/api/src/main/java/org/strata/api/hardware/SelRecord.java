package org.strata.api.hardware;

import java.time.Instant;

/** One record of a machine's system event log; {@code at} is null when the BMC's clock was not set. */
public record SelRecord(
        int recordId, Instant at, String sensorType, String sensor, String description, boolean asserted) {}
