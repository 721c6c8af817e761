package org.strata.datacenter.schedule;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Dates given as {@code 2026-12-25} (that day) or {@code --12-25} (every year), already checked by the records. */
final class DateRules {

    private final Set<LocalDate> once;
    private final Set<MonthDay> yearly;

    DateRules(List<String> dates) {
        this.once = dates.stream()
                .filter(d -> !d.startsWith("--"))
                .map(LocalDate::parse)
                .collect(Collectors.toUnmodifiableSet());
        this.yearly = dates.stream()
                .filter(d -> d.startsWith("--"))
                .map(MonthDay::parse)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether {@code date} is one of the dates; {@code --02-29} matches only in leap years. */
    boolean matches(LocalDate date) {
        return once.contains(date) || yearly.contains(MonthDay.from(date));
    }
}
