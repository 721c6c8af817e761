package org.strata.datacenter.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a listener of each edge of each cluster's schedule when it comes, one task per cluster on an executor the
 * caller owns.
 *
 * <p>No drift: each wake-up reads the clock and asks the schedule for the next edge; nothing adds periods. A task
 * sleeps at most {@link #LONGEST_SLEEP}, so a clock that jumps (NTP, a suspended machine) is noticed within that;
 * a task that wakes early goes back to sleep; one that wakes late reports every edge it passed, in order, each with
 * the instant the schedule gives.
 *
 * <p>The listener is called under the clock's lock, so one cluster's edges arrive in order and never after a
 * change that replaced them; it should return quickly (post an event, hand work to another thread).
 *
 * <p>No catch-up across restarts: {@link #start()} and a new cluster only arm the clock, they report nothing; the
 * caller asks {@link PolicyCalendar#activeAt} for the present when it starts. When a schedule changes, {@link
 * #scheduleChanged} re-arms at once and reports the change if the entry in force now differs.
 */
public final class EdgeClock implements AutoCloseable {

    /** The longest a task waits before it reads the clock again. */
    public static final Duration LONGEST_SLEEP = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(EdgeClock.class);

    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Supplier<Map<String, PolicyCalendar>> calendars;
    private final EdgeListener listener;
    private final Object lock = new Object();
    // guarded by lock
    private final Map<String, Arm> arms = new HashMap<>();
    // guarded by lock
    private boolean closed;

    /**
     * @param clock the wall clock
     * @param executor runs the wake-ups; not shut down by {@link #close()}
     * @param calendars the current calendar of each cluster, by cluster id, asked at start and at each change
     * @param listener told of each edge
     */
    public EdgeClock(
            Clock clock,
            ScheduledExecutorService executor,
            Supplier<Map<String, PolicyCalendar>> calendars,
            EdgeListener listener) {
        this.clock = clock;
        this.executor = executor;
        this.calendars = calendars;
        this.listener = listener;
    }

    /** Arms the clock for every cluster the supplier gives; reports nothing. */
    public void start() {
        synchronized (lock) {
            Map<String, PolicyCalendar> current = calendars.get();
            for (Map.Entry<String, PolicyCalendar> entry : current.entrySet()) {
                arm(entry.getKey(), entry.getValue(), false);
            }
        }
    }

    /**
     * A cluster's schedule changed, appeared or went away: re-arms at once from the supplier's calendar, and reports
     * the change of the entry in force now for a cluster that was already armed.
     */
    public void scheduleChanged(String clusterId) {
        synchronized (lock) {
            // read under the lock: of two changes told at once, the one armed last read the supplier last
            PolicyCalendar calendar = calendars.get().get(clusterId);
            if (calendar == null) {
                Arm gone = arms.remove(clusterId);
                if (gone != null) {
                    gone.cancel();
                }
            } else {
                arm(clusterId, calendar, true);
            }
        }
    }

    /** The entries in force as this clock last saw them, by cluster id (for diagnosis). */
    public Map<String, Segment> current() {
        synchronized (lock) {
            Map<String, Segment> seen = new HashMap<>();
            arms.forEach((id, arm) -> seen.put(id, arm.seen));
            return Map.copyOf(seen);
        }
    }

    /** Cancels every wake-up; the executor is the caller's to shut down. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            arms.values().forEach(Arm::cancel);
            arms.clear();
        }
    }

    // called with lock held
    private void arm(String clusterId, PolicyCalendar calendar, boolean report) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        Activation activation = calendar.activeAt(now);
        Segment seen = new Segment(activation.policy(), activation.window(), activation.day(), now, now);
        Arm arm = new Arm(clusterId, calendar, seen);
        Arm previous = arms.put(clusterId, arm);
        arm.sleep(now, activation.until());
        if (previous != null) {
            previous.cancel();
            // told once the new arm is in place, so that a listener that changes the schedule again replaces it
            if (report && !sameEntry(previous.seen, seen)) {
                tell(new PolicyEdge(clusterId, now, previous.seen.policy(), seen.policy(), seen.window(), seen.day()));
            }
        }
    }

    private static boolean sameEntry(Segment a, Segment b) {
        return a.policy().equals(b.policy())
                && Objects.equals(a.window(), b.window())
                && Objects.equals(a.day(), b.day());
    }

    private void tell(PolicyEdge edge) {
        try {
            listener.onEdge(edge);
        } catch (RuntimeException e) {
            LOG.error("The listener of the calendar's edges failed on {}", edge, e);
        }
    }

    /** One cluster's armed clock; its fields are guarded by the clock's lock. */
    private final class Arm {
        private final String clusterId;
        private final PolicyCalendar calendar;
        /** The entry in force at {@code seen.start()}, the last instant this arm looked. */
        private Segment seen;

        private Instant target;
        private ScheduledFuture<?> pending;

        Arm(String clusterId, PolicyCalendar calendar, Segment seen) {
            this.clusterId = clusterId;
            this.calendar = calendar;
            this.seen = seen;
        }

        void cancel() {
            if (pending != null) {
                pending.cancel(false);
                pending = null;
            }
        }

        /** Sleeps until {@code edge} (null: none within the horizon), at most {@link #LONGEST_SLEEP}. */
        void sleep(Instant now, Instant edge) {
            target = edge != null ? edge : now.plus(PolicyCalendar.HORIZON);
            Duration wait = Duration.between(now, target);
            if (wait.compareTo(LONGEST_SLEEP) > 0) {
                wait = LONGEST_SLEEP;
            }
            long nanos = Math.max(0, wait.toNanos());
            pending = executor.schedule(this::wake, nanos, TimeUnit.NANOSECONDS);
        }

        private void wake() {
            synchronized (lock) {
                if (closed || arms.get(clusterId) != this) {
                    return; // cancelled after it started
                }
                try {
                    report(clock.instant());
                } catch (RuntimeException e) {
                    // never leave a cluster unarmed: try again after the longest sleep
                    LOG.error("The calendar of cluster {} failed; trying again in {}", clusterId, LONGEST_SLEEP, e);
                    pending = executor.schedule(this::wake, LONGEST_SLEEP.toNanos(), TimeUnit.NANOSECONDS);
                }
            }
        }

        private void report(Instant now) {
            Instant last = seen.start();
            if (now.isBefore(target) && !now.isBefore(last)) {
                // early, or the end of a bounded sleep: no edge in (last, target)
                sleep(now, target);
                return;
            }
            List<Segment> passed;
            if (now.isBefore(last) || !last.isAfter(now.minus(PolicyCalendar.HORIZON))) {
                // the clock went back, or this slept past the horizon: what is in force now is all there is to say
                Activation activation = calendar.activeAt(now);
                passed = List.of(new Segment(activation.policy(), activation.window(), activation.day(), now, now));
            } else {
                passed = calendar.timeline(last, now.plusNanos(1));
            }
            for (Segment segment : passed) {
                if (closed || arms.get(clusterId) != this) {
                    return; // the listener closed the clock or changed this schedule: the new arm goes on
                }
                if (!sameEntry(seen, segment)) {
                    Segment before = seen;
                    // recorded before telling, so that a change the listener makes compares with what it heard
                    seen = segment;
                    tell(new PolicyEdge(
                            clusterId,
                            segment.start(),
                            before.policy(),
                            segment.policy(),
                            segment.window(),
                            segment.day()));
                }
            }
            if (closed || arms.get(clusterId) != this) {
                return;
            }
            seen = new Segment(seen.policy(), seen.window(), seen.day(), now, now);
            sleep(now, calendar.nextEdge(now).orElse(null));
        }
    }
}
