package org.strata.datacenter.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.strata.api.StrataException;

/** A report's step: a whole UTC hour or day. */
enum Step {
    HOUR(ChronoUnit.HOURS, Duration.ofDays(1)),
    DAY(ChronoUnit.DAYS, Duration.ofDays(30));

    /** The most steps one report may have: a year of hours is 8,760. */
    static final int MAX_STEPS = 10_000;

    private final ChronoUnit unit;
    private final Duration defaultPeriod;

    Step(ChronoUnit unit, Duration defaultPeriod) {
        this.unit = unit;
        this.defaultPeriod = defaultPeriod;
    }

    static Step parse(String text) {
        if (text == null || text.isBlank()) {
            return DAY;
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw StrataException.invalid("step must be hour or day, was '" + text + "'");
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    Duration length() {
        return unit.getDuration();
    }

    Duration defaultPeriod() {
        return defaultPeriod;
    }

    Instant floor(Instant at) {
        return at.truncatedTo(unit);
    }

    Instant ceil(Instant at) {
        Instant floor = floor(at);
        return floor.equals(at) ? at : floor.plus(length());
    }
}
