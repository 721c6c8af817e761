package org.strata.datacenter.schedule;

import java.text.ParseException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.quartz.CronExpression;

/** The checks the records share, with messages that name the field and say what is expected. */
final class Validation {

    static final String CRON_SHAPE =
            "seconds minutes hours day-of-month month day-of-week [year], with ? in one of the two day fields";

    private Validation() {}

    static String requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value.strip();
    }

    static String requireCron(String field, String value) {
        String expression = requireText(field, value);
        try {
            CronExpression.validateExpression(expression);
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException(field + ": \"" + expression + "\" is not a Quartz cron expression ("
                    + CRON_SHAPE + "): " + e.getMessage());
        }
        return expression;
    }

    /** A date as the records take it: {@code 2026-12-25} or {@code --12-25}. */
    static String requireDate(String field, String value) {
        String date = requireText(field, value);
        try {
            if (date.startsWith("--")) {
                MonthDay.parse(date);
            } else {
                LocalDate.parse(date);
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    field + ": \"" + date + "\" is neither a date (2026-12-25) nor a date every year (--12-25)");
        }
        return date;
    }

    static List<String> copyDates(String field, List<String> values) {
        List<String> dates = new ArrayList<>();
        List<String> given = values == null ? List.of() : values;
        for (int i = 0; i < given.size(); i++) {
            String date = requireDate(field + "[" + i + "]", given.get(i));
            if (dates.contains(date)) {
                throw new IllegalArgumentException(field + "[" + i + "]: \"" + date + "\" is given twice");
            }
            dates.add(date);
        }
        return List.copyOf(dates);
    }

    static <T> List<T> copyList(String field, List<T> values) {
        if (values == null) {
            return List.of();
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i) == null) {
                throw new IllegalArgumentException(field + "[" + i + "] is empty");
            }
        }
        return List.copyOf(values);
    }
}
