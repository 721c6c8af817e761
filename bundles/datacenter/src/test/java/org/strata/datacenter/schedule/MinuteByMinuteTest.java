package org.strata.datacenter.schedule;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.strata.datacenter.schedule.Examples.NEW_YORK;
import static org.strata.datacenter.schedule.Examples.PARIS;
import static org.strata.datacenter.schedule.Examples.POLICIES;
import static org.strata.datacenter.schedule.Examples.SANTIAGO;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

/**
 * Random schedules (a fixed seed) checked against the rules applied the slow way: minute by minute from well before
 * the range, starting with every window closed, from each expression's firings listed one after the other. The
 * calendar bisects back and walks edge to edge; both must agree on every minute, across both changes of time.
 */
public class MinuteByMinuteTest {

    private static final String[] MINUTES = {"0", "15", "30", "45", "0,30"};
    private static final String[] HOURS = {"0", "1", "2", "3", "7", "8", "12", "17", "20", "23", "2-3", "8-17/3"};
    private static final String[] WEEKDAYS = {"*", "MON-FRI", "SAT,SUN", "TUE", "SUN"};
    private static final String[] POLICY = {"performance", "balanced", "power-saving"};
    private static final ZoneId[] ZONES = {PARIS, NEW_YORK, SANTIAGO};

    private final Random random = new Random(20261206L);

    private String cron() {
        return "0 " + pick(MINUTES) + " " + pick(HOURS) + " ? * " + pick(WEEKDAYS);
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private Schedule randomSchedule(ZoneId dayZone, String month) {
        List<Window> windows = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            List<String> except = new ArrayList<>();
            if (random.nextBoolean()) {
                except.add(month + "-" + String.format("%02d", 1 + random.nextInt(28)));
            }
            if (random.nextBoolean()) {
                except.add("-" + month.substring(4) + "-" + String.format("%02d", 1 + random.nextInt(28)));
            }
            windows.add(new Window("w" + i, pick(POLICY), cron(), cron(), pick(ZONES), except));
        }
        List<PolicyDay> days = new ArrayList<>();
        if (random.nextBoolean()) {
            days.add(new PolicyDay(month + "-" + String.format("%02d", 1 + random.nextInt(28)), pick(POLICY)));
        }
        return new Schedule(dayZone, pick(POLICY), windows, days);
    }

    @Test
    public void randomSchedulesAgreeWithTheRulesAppliedMinuteByMinute() {
        String[][] ranges = {
            {"2026-03", "2026-03-25T00:00:00Z"}, // Paris springs forward on the 29th
            {"2026-10", "2026-10-21T00:00:00Z"}, // Paris falls back on the 25th
            {"2026-09", "2026-09-03T00:00:00Z"}, // Santiago springs forward at midnight on the 6th
            {"2026-03", "2026-03-05T00:00:00Z"}, // New York springs forward on the 8th
        };
        for (int run = 0; run < 16; run++) {
            String[] range = ranges[run % ranges.length];
            Schedule schedule = randomSchedule(pick(ZONES), range[0]);
            check(schedule, Instant.parse(range[1]), Duration.ofDays(7));
        }
        // not vacuous: the random schedules change several times a week (102 segments in 16 weeks with this seed)
        assertTrue(String.valueOf(segmentsSeen), segmentsSeen > 16 * 4);
    }

    private int segmentsSeen;

    private void check(Schedule schedule, Instant from, Duration length) {
        PolicyCalendar calendar = new PolicyCalendar(schedule, POLICIES);
        List<CompiledWindow> windows = new ArrayList<>();
        schedule.windows().forEach(w -> windows.add(new CompiledWindow(w, PolicyCalendar.HORIZON)));
        List<CompiledDay> days = new ArrayList<>();
        schedule.policyDays().forEach(d -> days.add(new CompiledDay(d)));
        // seven days before: every random window's start and end fire at least weekly, and after either fires the
        // minute-by-minute state is exact
        Instant scan = from.minus(Duration.ofDays(7));
        Instant to = from.plus(length);
        List<Set<Instant>> starts = new ArrayList<>();
        List<Set<Instant>> ends = new ArrayList<>();
        for (CompiledWindow window : windows) {
            starts.add(firings(window.start(), scan, to));
            ends.add(firings(window.end(), scan, to));
        }
        boolean[] open = new boolean[windows.size()];
        List<Segment> segments = calendar.timeline(from, to);
        segmentsSeen += segments.size();
        int segment = 0;
        for (Instant minute = scan; minute.isBefore(to); minute = minute.plusSeconds(60)) {
            for (int i = 0; i < open.length; i++) {
                boolean startsHere =
                        starts.get(i).contains(minute) && !windows.get(i).excepted(minute);
                boolean endsHere = open[i] && ends.get(i).contains(minute);
                open[i] = startsHere || (open[i] && !endsHere);
            }
            if (minute.isBefore(from)) {
                continue;
            }
            String expected = expected(schedule, windows, days, open, minute);
            while (!segments.get(segment).end().isAfter(minute)) {
                segment++;
            }
            Segment in = segments.get(segment);
            String where = schedule + " at " + minute;
            assertEquals(where, expected, in.policy() + "/" + in.window() + "/" + in.day());
            if (minute.equals(in.start()) || minute.getEpochSecond() % (24 * 3600) == 0) {
                Activation activation = calendar.activeAt(minute);
                assertEquals(where, expected, activation.policy() + "/" + activation.window() + "/" + activation.day());
                if (segment > 0 && minute.equals(in.start())) {
                    assertEquals(where, minute, activation.since());
                }
            }
        }
    }

    /** Every firing in [from, to), all on whole minutes. */
    private static Set<Instant> firings(ZonedCron cron, Instant from, Instant to) {
        Set<Instant> all = new HashSet<>();
        for (Instant at = cron.atOrAfter(from); at != null && at.isBefore(to); at = cron.next(at)) {
            assertEquals(cron.expression() + " " + at, 0, at.getEpochSecond() % 60);
            all.add(at);
        }
        return all;
    }

    private static String expected(
            Schedule schedule, List<CompiledWindow> windows, List<CompiledDay> days, boolean[] open, Instant minute) {
        for (CompiledDay day : days) {
            if (day.matches(minute.atZone(schedule.zone()).toLocalDate())) {
                return day.day().policy() + "/null/" + day.day().date();
            }
        }
        for (int i = 0; i < open.length; i++) {
            if (open[i]) {
                return windows.get(i).window().policy() + "/"
                        + windows.get(i).window().name() + "/null";
            }
        }
        return schedule.defaultPolicy() + "/null/null";
    }
}
