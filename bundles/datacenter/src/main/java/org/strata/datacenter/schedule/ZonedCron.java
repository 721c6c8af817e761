package org.strata.datacenter.schedule;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A Quartz cron expression read in a time zone, plus the one rule this package adds to Quartz's: a firing whose
 * local time does not exist (it falls in a spring-forward gap, which Quartz skips) happens at the end of the gap.
 * Firings are whole seconds.
 *
 * <p>Immutable once built: the {@link CronExpression}s are configured here and never changed afterwards, and
 * {@link CronExpression#getNextValidTimeAfter} only reads them, so one instance serves concurrent callers.
 */
final class ZonedCron {

    private final String expression;
    private final ZoneRules rules;
    private final CronExpression inZone;
    /** The same expression at each fixed offset that comes before a gap in the zone: it tells what the gap skipped. */
    private final Map<ZoneOffset, CronExpression> beforeGap;
    /** How far gaps are looked for when Quartz finds no later firing. */
    private final Duration reach;

    ZonedCron(String expression, ZoneId zone, Duration reach) {
        this.expression = expression;
        this.rules = zone.getRules();
        this.reach = reach;
        this.inZone = parse(expression, TimeZone.getTimeZone(zone));
        Map<ZoneOffset, CronExpression> offsets = new HashMap<>();
        for (ZoneOffsetTransition transition : rules.getTransitions()) {
            if (transition.isGap()) {
                offsets.computeIfAbsent(transition.getOffsetBefore(), o -> parse(expression, TimeZone.getTimeZone(o)));
            }
        }
        for (ZoneOffsetTransitionRule rule : rules.getTransitionRules()) {
            if (rule.getOffsetAfter().getTotalSeconds() > rule.getOffsetBefore().getTotalSeconds()) {
                offsets.computeIfAbsent(rule.getOffsetBefore(), o -> parse(expression, TimeZone.getTimeZone(o)));
            }
        }
        this.beforeGap = Map.copyOf(offsets);
    }

    private static CronExpression parse(String expression, TimeZone zone) {
        try {
            CronExpression cron = new CronExpression(expression);
            cron.setTimeZone(zone);
            return cron;
        } catch (ParseException e) {
            // the records checked the expression already
            throw new IllegalArgumentException("\"" + expression + "\": " + e.getMessage(), e);
        }
    }

    String expression() {
        return expression;
    }

    /** The first firing strictly after {@code after}, or null if there is none. */
    Instant next(Instant after) {
        Date found = inZone.getNextValidTimeAfter(Date.from(after));
        Instant quartz = found == null ? null : found.toInstant();
        Instant bound = quartz != null ? quartz : after.plus(reach);
        for (ZoneOffsetTransition transition = rules.nextTransition(after);
                transition != null && !transition.getInstant().isAfter(bound);
                transition = rules.nextTransition(transition.getInstant())) {
            if (transition.isGap() && firesInGap(transition)) {
                return transition.getInstant();
            }
        }
        return quartz;
    }

    /** The first firing at or after {@code at}. */
    Instant atOrAfter(Instant at) {
        return next(at.minusNanos(1));
    }

    boolean firesAt(Instant at) {
        return at.equals(atOrAfter(at));
    }

    /**
     * The latest firing in ({@code floor}, {@code at}], or null. Quartz only looks forward: this bisects on "the
     * first firing after x is at or before {@code at}", which holds for x just below that firing and not after it.
     * About log2((at - floor) / 1 s) calls of {@link #next}, 25 for a year.
     */
    Instant latest(Instant floor, Instant at) {
        Instant first = next(floor);
        if (first == null || first.isAfter(at)) {
            return null;
        }
        Instant low = floor; // next(low) <= at
        Instant high = at; // next(high) > at
        while (Duration.between(low, high).toMillis() > 1000) {
            Instant middle = low.plus(Duration.between(low, high).dividedBy(2));
            Instant found = next(middle);
            if (found != null && !found.isAfter(at)) {
                low = middle;
            } else {
                high = middle;
            }
        }
        // firings are whole seconds, so (low, high] holds at most one, and next(low) is in it
        return next(low);
    }

    private boolean firesInGap(ZoneOffsetTransition gap) {
        CronExpression before = beforeGap.get(gap.getOffsetBefore());
        if (before == null) {
            return false;
        }
        // at the offset before the gap, the skipped local times are the instants [gap, gap + its length)
        Date found = before.getNextValidTimeAfter(Date.from(gap.getInstant().minusMillis(1)));
        return found != null && found.toInstant().isBefore(gap.getInstant().plus(gap.getDuration()));
    }
}
