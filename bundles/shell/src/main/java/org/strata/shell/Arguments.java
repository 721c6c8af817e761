package org.strata.shell;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.strata.api.StrataException;
import org.strata.api.inventory.HostKind;
import org.strata.api.task.TaskState;

/** Checks of shell arguments that the API cannot make for us. Failures are INVALID_INPUT errors. */
public final class Arguments {

    /** Longest a command waits for a task with {@code --wait}. */
    public static final int MAX_WAIT_SECONDS = 3600;

    private Arguments() {}

    /** A task state given on the command line, in any case; null stays null (all states). */
    public static TaskState taskState(String value) {
        if (value == null) {
            return null;
        }
        try {
            return TaskState.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw StrataException.invalid("unknown task state '" + value + "', use one of "
                    + Arrays.stream(TaskState.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /** A host kind given on the command line, in any case; null stays null (the driver's). */
    public static HostKind hostKind(String value) {
        if (value == null) {
            return null;
        }
        try {
            return HostKind.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw StrataException.invalid("unknown host kind '" + value + "', use one of "
                    + Arrays.stream(HostKind.values()).map(Enum::name).collect(Collectors.joining(", ")));
        }
    }

    /** A {@code --timeout} in seconds: 1 to {@link #MAX_WAIT_SECONDS}. */
    public static int waitSeconds(int seconds) {
        return waitSeconds("--timeout", seconds);
    }

    /** A number of seconds to wait given with {@code option}: 1 to {@link #MAX_WAIT_SECONDS}. */
    public static int waitSeconds(String option, int seconds) {
        if (seconds < 1 || seconds > MAX_WAIT_SECONDS) {
            throw StrataException.invalid(
                    option + " must be between 1 and " + MAX_WAIT_SECONDS + " seconds, was " + seconds);
        }
        return seconds;
    }

    /**
     * The start of a time range: a duration back from {@code now} ("90s", "10m", "2h", "1d") or an
     * ISO-8601 instant ("2026-01-02T03:04:05Z"); null stays null (no bound).
     */
    public static Instant since(String option, String value, Instant now) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        Matcher relative = RELATIVE.matcher(v);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            ChronoUnit unit = switch (relative.group(2)) {
                case "s" -> ChronoUnit.SECONDS;
                case "m" -> ChronoUnit.MINUTES;
                case "h" -> ChronoUnit.HOURS;
                default -> ChronoUnit.DAYS;
            };
            return now.minus(Duration.of(amount, unit));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw StrataException.invalid(option + " must be a duration such as 10m, 2h or 1d, or a time such as "
                    + "2026-01-02T03:04:05Z, was '" + value + "'");
        }
    }

    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,9})([smhd])");

    /** Comma-separated values, trimmed, empty ones dropped; null gives an empty list. */
    public static List<String> list(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** At least one of the given options must be present (for the update commands). */
    public static void requireAny(String message, Object... values) {
        for (Object value : values) {
            if (value != null) {
                return;
            }
        }
        throw StrataException.invalid(message);
    }
}
