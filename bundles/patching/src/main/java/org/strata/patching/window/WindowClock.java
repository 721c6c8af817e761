package org.strata.patching.window;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;
import org.strata.api.StrataException;

/**
 * When a patch window is open: from each firing of its start expression to the next firing of its end expression,
 * both Quartz cron expressions read in the window's zone, as the datacenter layer's cluster schedules read theirs
 * (docs/datacenter.md, "Schedules"). A window is at most {@link #LONGEST} long: an opening is looked for that far
 * back.
 *
 * <p>Immutable once built; {@link CronExpression#getNextValidTimeAfter} only reads, so one instance serves any thread.
 */
public final class WindowClock {

    /** The longest window: a week (a window that never closes is not a window). */
    public static final Duration LONGEST = Duration.ofDays(7);

    private final CronExpression start;
    private final CronExpression end;

    private WindowClock(CronExpression start, CronExpression end) {
        this.start = start;
        this.end = end;
    }

    /**
     * The clock of a window; INVALID for an expression Quartz cannot read, an unknown zone, or a window that does not
     * close within {@link #LONGEST} of opening.
     */
    public static WindowClock of(String start, String end, String zone) {
        ZoneId id;
        try {
            id = ZoneId.of(zone == null || zone.isBlank() ? "UTC" : zone);
        } catch (java.time.DateTimeException e) {
            throw StrataException.invalid("not a time zone: " + zone + " (e.g. Europe/Paris, UTC)");
        }
        WindowClock clock = new WindowClock(cron(start, "start", id), cron(end, "end", id));
        Date first = clock.start.getNextValidTimeAfter(new Date());
        if (first == null) {
            throw StrataException.invalid("the window's start '" + start + "' never comes again");
        }
        Date closes = clock.end.getNextValidTimeAfter(first);
        if (closes == null
                || Duration.between(first.toInstant(), closes.toInstant()).compareTo(LONGEST) > 0) {
            throw StrataException.invalid("the window opened by '" + start + "' is not closed by '" + end + "' within "
                    + LONGEST.toDays() + " days");
        }
        return clock;
    }

    private static CronExpression cron(String expression, String what, ZoneId zone) {
        if (expression == null || expression.isBlank()) {
            throw StrataException.invalid("a patch window needs its " + what + " as a cron expression"
                    + " (seconds minutes hours day-of-month month day-of-week: 0 0 22 ? * SAT)");
        }
        try {
            CronExpression cron = new CronExpression(expression);
            cron.setTimeZone(TimeZone.getTimeZone(zone));
            return cron;
        } catch (ParseException e) {
            throw StrataException.invalid(
                    "the window's " + what + " '" + expression + "' is not a cron expression: " + e.getMessage());
        }
    }

    /** An opening of the window: when it opened and when it closes. */
    public record Opening(Instant opened, Instant closes) {
        public boolean open(Instant at) {
            return !at.isBefore(opened) && at.isBefore(closes);
        }
    }

    /** The opening the window is in at {@code at}, if it is open then. */
    public Optional<Opening> openingAt(Instant at) {
        Date cursor = Date.from(at.minus(LONGEST).minusSeconds(1));
        Instant lastStart = null;
        while (true) {
            Date next = start.getNextValidTimeAfter(cursor);
            if (next == null || next.toInstant().isAfter(at)) {
                break;
            }
            lastStart = next.toInstant();
            cursor = next;
        }
        if (lastStart == null) {
            return Optional.empty();
        }
        Date closes = end.getNextValidTimeAfter(Date.from(lastStart));
        if (closes == null) {
            return Optional.empty();
        }
        Opening opening = new Opening(lastStart, closes.toInstant());
        return opening.open(at) ? Optional.of(opening) : Optional.empty();
    }

    /** The next opening after {@code at} (the one it is in, if open now). */
    public Optional<Opening> next(Instant at) {
        Optional<Opening> now = openingAt(at);
        if (now.isPresent()) {
            return now;
        }
        Date opens = start.getNextValidTimeAfter(Date.from(at));
        if (opens == null) {
            return Optional.empty();
        }
        Date closes = end.getNextValidTimeAfter(opens);
        return closes == null ? Optional.empty() : Optional.of(new Opening(opens.toInstant(), closes.toInstant()));
    }
}
