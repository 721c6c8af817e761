package org.strata.shell.command;

import java.util.Locale;

/** Number formats of the stats commands. */
final class Stats {

    private Stats() {}

    /** One decimal, as {@code 12.5}. */
    static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** Whole bytes per second. */
    static String rate(double value) {
        return String.valueOf(Math.round(value));
    }
}
