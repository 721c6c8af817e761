package org.strata.datacenter.schedule;

import java.time.LocalDate;
import java.time.MonthDay;

/** A {@link PolicyDay} with its date parsed once. */
final class CompiledDay {

    private final PolicyDay day;
    private final LocalDate once;
    private final MonthDay yearly;

    CompiledDay(PolicyDay day) {
        this.day = day;
        boolean everyYear = day.date().startsWith("--");
        this.once = everyYear ? null : LocalDate.parse(day.date());
        this.yearly = everyYear ? MonthDay.parse(day.date()) : null;
    }

    PolicyDay day() {
        return day;
    }

    /** Whether the day is {@code date}; {@code --02-29} matches only in leap years. */
    boolean matches(LocalDate date) {
        return once != null ? once.equals(date) : yearly.equals(MonthDay.from(date));
    }

    /** The first date after {@code date} that this day matches, or null if there is none. */
    LocalDate nextAfter(LocalDate date) {
        if (once != null) {
            return once.isAfter(date) ? once : null;
        }
        // --02-29 comes back within eight years (none between 2096 and 2104)
        for (int year = date.getYear(); year <= date.getYear() + 8; year++) {
            if (yearly.isValidYear(year) && yearly.atYear(year).isAfter(date)) {
                return yearly.atYear(year);
            }
        }
        return null;
    }
}
