package org.strata.datacenter.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates a {@link Schedule}: which policy is in force at an instant, when it changes, and the timeline over a
 * range. Immutable and safe to share between threads; nothing is cached between calls. The rules are in the
 * package documentation.
 *
 * <p>Cost: finding what is in force at an instant bisects back over {@link #HORIZON} for each window (about 25 cron
 * evaluations each); walking forward then costs a few cron evaluations per edge, not per minute.
 */
public final class PolicyCalendar {

    /**
     * The longest a window's occurrence lasts (when its end does not fire before, it ends then), hence how far back
     * an instant's state is looked for, and how far ahead edges are looked for.
     */
    public static final Duration HORIZON = Duration.ofDays(366);

    /**
     * The most segments one timeline holds: a schedule whose windows open every minute would otherwise answer a
     * year's timeline with a million of them.
     */
    public static final int MAX_SEGMENTS = 10_000;

    private final Schedule schedule;
    private final List<CompiledWindow> windows;
    private final List<CompiledDay> days;

    /**
     * @param schedule the schedule, already checked field by field by its records
     * @param policies the policies the caller knows; every policy the schedule names must be one of them
     * @throws IllegalArgumentException naming the field whose policy is unknown
     */
    public PolicyCalendar(Schedule schedule, Set<String> policies) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        String known = String.join(", ", new TreeSet<>(policies));
        requireKnown("defaultPolicy", schedule.defaultPolicy(), policies, known);
        List<CompiledWindow> compiled = new ArrayList<>();
        for (Window window : schedule.windows()) {
            requireKnown("window \"" + window.name() + "\": policy", window.policy(), policies, known);
            compiled.add(new CompiledWindow(window, HORIZON));
        }
        List<CompiledDay> parsedDays = new ArrayList<>();
        for (PolicyDay day : schedule.policyDays()) {
            requireKnown("policy day \"" + day.date() + "\": policy", day.policy(), policies, known);
            parsedDays.add(new CompiledDay(day));
        }
        this.windows = List.copyOf(compiled);
        this.days = List.copyOf(parsedDays);
    }

    private static void requireKnown(String field, String policy, Set<String> policies, String known) {
        if (!policies.contains(policy)) {
            throw new IllegalArgumentException(
                    field + ": \"" + policy + "\" is not a known policy (known: " + known + ")");
        }
    }

    public Schedule schedule() {
        return schedule;
    }

    /**
     * Checks what can only be checked against a date: each window's start fires again after {@code now}, and its
     * end fires within {@link #HORIZON} after that next start. Meant for a schedule being saved; a stored schedule
     * whose windows have all passed still evaluates (to its default policy).
     *
     * @throws IllegalArgumentException naming the window and the expression
     */
    public void requireLive(Instant now) {
        for (CompiledWindow window : windows) {
            String what = "window \"" + window.window().name() + "\": ";
            Instant start = window.start().next(now);
            if (start == null) {
                throw new IllegalArgumentException(
                        what + "start: \"" + window.start().expression() + "\" never fires after " + now);
            }
            Instant end = window.end().next(start);
            if (end == null || end.isAfter(start.plus(HORIZON))) {
                throw new IllegalArgumentException(
                        what + "end: \"" + window.end().expression()
                                + "\" does not fire within " + HORIZON.toDays() + " days after the window starts at "
                                + start + " (" + window.window().zone() + "), so the window would not end");
            }
        }
    }

    /** What is in force at {@code at}: start instants included, end instants excluded. */
    public Activation activeAt(Instant at) {
        Walk walk = new Walk(at);
        Entry entry = walk.entry();
        Instant until = walk.nextChange(at.plus(HORIZON));
        return new Activation(entry.policy(), entry.window(), entry.day(), since(at), until);
    }

    /** The first edge strictly after {@code after}, if there is one within {@link #HORIZON}. */
    public Optional<Instant> nextEdge(Instant after) {
        return Optional.ofNullable(new Walk(after).nextChange(after.plus(HORIZON)));
    }

    /**
     * The segments that cover [{@code from}, {@code to}) in order, the first starting at {@code from} and the last
     * ending at {@code to} (clipped: ask {@link #activeAt} for the true start of the first). Adjacent segments
     * differ in their entry.
     *
     * @throws IllegalArgumentException if {@code to} is not after {@code from}, the range is longer than {@link
     *     #HORIZON}, or it holds more than {@link #MAX_SEGMENTS} segments
     */
    public List<Segment> timeline(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the timeline's end " + to + " is not after its start " + from);
        }
        if (Duration.between(from, to).compareTo(HORIZON) > 0) {
            throw new IllegalArgumentException("a timeline covers at most " + HORIZON.toDays() + " days");
        }
        List<Segment> segments = new ArrayList<>();
        Walk walk = new Walk(from);
        Entry entry = walk.entry();
        Instant start = from;
        while (walk.advance(to)) {
            if (!walk.entry().equals(entry)) {
                if (segments.size() == MAX_SEGMENTS - 1) {
                    throw new IllegalArgumentException("the timeline from " + from + " to " + to + " has more than "
                            + MAX_SEGMENTS + " segments: ask for a shorter range");
                }
                segments.add(entry.segment(start, walk.at()));
                entry = walk.entry();
                start = walk.at();
            }
        }
        segments.add(entry.segment(start, to));
        return List.copyOf(segments);
    }

    /** The last edge at or before {@code at}, looking back over longer and longer ranges up to the horizon. */
    private Instant since(Instant at) {
        Instant limit = at.plusNanos(1);
        for (Duration back : List.of(Duration.ofDays(1), Duration.ofDays(8), Duration.ofDays(64), HORIZON)) {
            Walk walk = new Walk(at.minus(back));
            Entry entry = walk.entry();
            Instant last = null;
            while (walk.advance(limit)) {
                if (!walk.entry().equals(entry)) {
                    last = walk.at();
                    entry = walk.entry();
                }
            }
            if (last != null) {
                return last;
            }
        }
        return null;
    }

    /** The schedule entry in force: a window's, a policy day's, or the default (both names null). */
    private record Entry(String policy, String window, String day) {
        Segment segment(Instant start, Instant end) {
            return new Segment(policy, window, day, start, end);
        }
    }

    /**
     * A walk forward in time from one instant, edge candidate by edge candidate. Mutable, confined to the call that
     * made it.
     */
    private final class Walk {
        private Instant at;
        /** Per window: the start of its occurrence open at {@link #at}, or null. */
        private final Instant[] open;
        /** Per window: its next event after {@link #at}, or null. */
        private final Instant[] next;

        private PolicyDay day;
        private Instant nextDayEdge;

        Walk(Instant from) {
            at = from;
            open = new Instant[windows.size()];
            next = new Instant[windows.size()];
            for (int i = 0; i < open.length; i++) {
                CompiledWindow window = windows.get(i);
                open[i] = window.openSince(from);
                next[i] = window.nextEvent(from, open[i]);
            }
            updateDay();
        }

        Instant at() {
            return at;
        }

        Entry entry() {
            if (day != null) {
                return new Entry(day.policy(), null, day.date());
            }
            for (int i = 0; i < open.length; i++) {
                if (open[i] != null) {
                    Window window = windows.get(i).window();
                    return new Entry(window.policy(), window.name(), null);
                }
            }
            return new Entry(schedule.defaultPolicy(), null, null);
        }

        /** Moves to the next event before {@code limit}; false (and no move) if there is none. */
        boolean advance(Instant limit) {
            Instant event = nextDayEdge;
            for (Instant candidate : next) {
                if (candidate != null && (event == null || candidate.isBefore(event))) {
                    event = candidate;
                }
            }
            if (event == null || !event.isBefore(limit)) {
                return false;
            }
            at = event;
            for (int i = 0; i < open.length; i++) {
                if (event.equals(next[i])) {
                    CompiledWindow window = windows.get(i);
                    open[i] = window.openAfter(event, open[i]);
                    next[i] = window.nextEvent(event, open[i]);
                }
            }
            if (event.equals(nextDayEdge)) {
                updateDay();
            }
            return true;
        }

        /** The first instant after the current one, before {@code limit}, where the entry changes; or null. */
        Instant nextChange(Instant limit) {
            Entry entry = entry();
            while (advance(limit)) {
                if (!entry().equals(entry)) {
                    return at;
                }
            }
            return null;
        }

        private void updateDay() {
            day = null;
            nextDayEdge = null;
            if (days.isEmpty()) {
                return;
            }
            ZoneId zone = schedule.zone();
            LocalDate today = at.atZone(zone).toLocalDate();
            for (CompiledDay candidate : days) {
                if (candidate.matches(today)) {
                    day = candidate.day();
                    nextDayEdge = today.plusDays(1).atStartOfDay(zone).toInstant();
                    return;
                }
            }
            LocalDate first = null;
            for (CompiledDay candidate : days) {
                LocalDate date = candidate.nextAfter(today);
                if (date != null && (first == null || date.isBefore(first))) {
                    first = date;
                }
            }
            nextDayEdge = first == null ? null : first.atStartOfDay(zone).toInstant();
        }
    }
}
