package org.strata.spi.hardware;

import java.time.Instant;

/**
 * One record of the BMC's system event log.
 *
 * @param at          when the BMC logged it, or null when its clock was not set (IPMI "pre-init" time)
 * @param sensor      the sensor it is about, by name where the BMC knows it, else by number
 * @param description what happened, in words ("Upper Critical going high", "Power Supply AC lost")
 * @param asserted    true when the condition began, false when it ended
 */
public record SelEntry(
        int recordId, Instant at, String sensorType, String sensor, String description, boolean asserted) {}
