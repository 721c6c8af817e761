package org.strata.shell;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.strata.api.StrataException;
import org.strata.api.TaskState;

/** Checks of shell arguments that the API cannot make for us. Failures are INVALID_INPUT errors. */
public final class Arguments {

    /** Longest a command waits for a task with {@code --wait}. */
    public static final int MAX_WAIT_SECONDS = 3600;

    private Arguments() {
    }

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

    /** A {@code --timeout} in seconds: 1 to {@link #MAX_WAIT_SECONDS}. */
    public static int waitSeconds(int seconds) {
        if (seconds < 1 || seconds > MAX_WAIT_SECONDS) {
            throw StrataException.invalid("--timeout must be between 1 and " + MAX_WAIT_SECONDS
                    + " seconds, was " + seconds);
        }
        return seconds;
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
