package org.strata.datacenter.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A {@link Window} ready to evaluate: its two expressions parsed in its zone and its exception dates parsed.
 * Immutable. An occurrence of the window runs from a start firing that is not on an exception date to the first end
 * firing after it, or to {@code longest} after it if the end does not fire before.
 */
final class CompiledWindow {

    private final Window window;
    private final ZonedCron start;
    private final ZonedCron end;
    private final ZoneId zone;
    private final DateRules except;
    private final Duration longest;

    CompiledWindow(Window window, Duration longest) {
        this.window = window;
        this.zone = window.zone();
        this.longest = longest;
        this.start = new ZonedCron(window.start(), zone, longest);
        this.end = new ZonedCron(window.end(), zone, longest);
        this.except = new DateRules(window.except());
    }

    Window window() {
        return window;
    }

    ZonedCron start() {
        return start;
    }

    ZonedCron end() {
        return end;
    }

    Duration longest() {
        return longest;
    }

    boolean excepted(Instant startFiring) {
        return except.matches(startFiring.atZone(zone).toLocalDate());
    }

    private Instant startOfDay(LocalDate date) {
        return date.atStartOfDay(zone).toInstant();
    }

    /** Whether an occurrence starts at {@code at}. */
    boolean startsAt(Instant at) {
        return start.firesAt(at) && !excepted(at);
    }

    /** The first start firing after {@code after} and not after {@code limit} that is not on an exception date. */
    Instant nextStart(Instant after, Instant limit) {
        Instant found = start.next(after);
        while (found != null && !found.isAfter(limit)) {
            if (!excepted(found)) {
                return found;
            }
            found = start.atOrAfter(startOfDay(found.atZone(zone).toLocalDate().plusDays(1)));
        }
        return null;
    }

    /** The latest start firing in ({@code floor}, {@code at}] that is not on an exception date. */
    Instant latestStart(Instant floor, Instant at) {
        Instant bound = at;
        while (bound.isAfter(floor)) {
            Instant found = start.latest(floor, bound);
            if (found == null || !excepted(found)) {
                return found;
            }
            bound = startOfDay(found.atZone(zone).toLocalDate()).minusNanos(1);
        }
        return null;
    }

    /**
     * The start of the occurrence open at {@code at}, or null if the window is closed then. Only the latest start
     * matters: an earlier occurrence still open at {@code at} has no end firing between its start and {@code at},
     * so the latest one has none either, and began later, so its cap comes later too.
     */
    Instant openSince(Instant at) {
        Instant latest = latestStart(at.minus(longest), at);
        if (latest == null) {
            return null;
        }
        Instant ends = end.next(latest);
        return ends == null || ends.isAfter(at) ? latest : null;
    }

    /**
     * The next instant after {@code after} at which the window may open, close, or restart; {@code openSince} is the
     * start of the occurrence open at {@code after}, null if none.
     */
    Instant nextEvent(Instant after, Instant openSince) {
        if (openSince == null) {
            return nextStart(after, after.plus(longest));
        }
        Instant cap = openSince.plus(longest);
        Instant ends = end.next(after);
        if (ends != null && !ends.isAfter(cap)) {
            // starts before that end change nothing: the occurrence they begin ends at that end too
            return ends;
        }
        // the end does not come in time: a later start pushes the cap back
        Instant restart = nextStart(after, cap);
        return restart != null ? restart : cap;
    }

    /**
     * The start of the occurrence open from {@code at} on, given the one open just before {@code at}.
     */
    Instant openAfter(Instant at, Instant openBefore) {
        if (startsAt(at)) {
            return at;
        }
        if (openBefore == null) {
            return null;
        }
        boolean closes = end.firesAt(at) || !at.isBefore(openBefore.plus(longest));
        return closes ? null : openBefore;
    }
}
