package org.strata.datacenter.schedule;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.strata.datacenter.schedule.Examples.EXAMPLE;
import static org.strata.datacenter.schedule.Examples.PARIS;
import static org.strata.datacenter.schedule.Examples.calendar;
import static org.strata.datacenter.schedule.Examples.paris;
import static org.strata.datacenter.schedule.Examples.schedule;
import static org.strata.datacenter.schedule.Examples.window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class EdgeClockTest {

    private final ManualScheduler scheduler = new ManualScheduler(paris("2026-12-07T06:00"));
    private final Map<String, PolicyCalendar> calendars = new HashMap<>();
    private final List<PolicyEdge> edges = new ArrayList<>();
    /** What the clock read when the listener heard each edge. */
    private final List<Instant> heardAt = new ArrayList<>();

    private final EdgeClock clock = new EdgeClock(scheduler.clock, scheduler, () -> Map.copyOf(calendars), edge -> {
        edges.add(edge);
        heardAt.add(scheduler.clock.instant());
    });

    private static PolicyEdge edge(String at, String from, String to, String window) {
        return new PolicyEdge("c1", paris(at), from, to, window, null);
    }

    /** Monday 7 December 2026 06:00 to Tuesday 09:00 in Paris. */
    private static final List<PolicyEdge> MONDAY = List.of(
            edge("2026-12-07T07:00", "power-saving", "balanced", null),
            edge("2026-12-07T08:00", "balanced", "performance", "business hours"),
            edge("2026-12-07T18:00", "performance", "balanced", null),
            edge("2026-12-07T20:00", "balanced", "power-saving", "nights and weekends"),
            edge("2026-12-08T07:00", "power-saving", "balanced", null),
            edge("2026-12-08T08:00", "balanced", "performance", "business hours"));

    @Test
    public void eachEdgeIsToldOnceAtItsInstant() {
        calendars.put("c1", calendar(EXAMPLE));
        clock.start();
        scheduler.runUntil(paris("2026-12-08T09:00"));

        assertEquals(MONDAY, edges);
        assertEquals(MONDAY.stream().map(PolicyEdge::at).toList(), heardAt);
        // wakes at edges and at most every hour between them, never minute by minute
        assertTrue(scheduler.ranAt().toString(), scheduler.ranAt().size() <= MONDAY.size() + 27);
        assertEquals(1, scheduler.pending());
    }

    @Test
    public void startingTellsNothingTheCallerAsksActiveAtItself() {
        calendars.put("c1", calendar(EXAMPLE));
        clock.start();
        scheduler.runUntil(paris("2026-12-07T06:59:59"));

        assertEquals(List.of(), edges);
        assertEquals("power-saving", clock.current().get("c1").policy());
    }

    @Test
    public void aLateExecutorDoesNotShiftTheEdgesNorDrift() {
        calendars.put("c1", calendar(EXAMPLE));
        clock.start();
        scheduler.latency(Duration.ofSeconds(30));
        // a whole week, each wake-up 30 s late: five weekdays of four edges, and Monday's first two
        scheduler.runUntil(paris("2026-12-14T09:00"));

        assertEquals(22, edges.size());
        assertEquals(MONDAY, edges.subList(0, MONDAY.size()));
        assertEquals(edge("2026-12-14T08:00", "balanced", "performance", "business hours"), edges.get(21));
        for (int i = 0; i < edges.size(); i++) {
            assertEquals(edges.get(i).at().plusSeconds(30), heardAt.get(i));
        }
    }

    @Test
    public void aStalledExecutorTellsEveryEdgeItMissedInOrder() {
        calendars.put("c1", calendar(EXAMPLE));
        clock.start();
        // the executor runs the 07:00 wake-up three hours late: 07:00 and 08:00 pass unseen
        scheduler.latency(Duration.ofHours(3));
        scheduler.runUntil(paris("2026-12-07T10:00"));

        assertEquals(MONDAY.subList(0, 2), edges);
        assertEquals(List.of(paris("2026-12-07T10:00"), paris("2026-12-07T10:00")), heardAt);
    }

    @Test
    public void aWakeUpBeforeTheClockSaysSoTellsNothingAndSleepsAgain() {
        calendars.put("c1", calendar(EXAMPLE));
        clock.start();
        // the wall clock is set back 10 s after the task was armed: it wakes at 06:59:50 by the wall clock
        scheduler.skew(Duration.ofSeconds(-10));
        scheduler.runUntil(paris("2026-12-07T07:00:09"));
        assertEquals(List.of(), edges);

        scheduler.runUntil(paris("2026-12-07T07:00:10"));
        assertEquals(MONDAY.subList(0, 1), edges);
        assertEquals(List.of(paris("2026-12-07T07:00")), heardAt);
    }

    @Test
    public void aChangedScheduleIsToldAtOnceAndFollowedFromThen() {
        calendars.put("c1", calendar(EXAMPLE));
        clock.start();
        scheduler.runUntil(paris("2026-12-07T09:00"));
        assertEquals(MONDAY.subList(0, 2), edges);

        // from 09:00 the cluster has a single window, a maintenance from 10:00 to 11:00
        calendars.put(
                "c1", calendar(schedule(window("maintenance", "power-saving", "0 0 10 * * ?", "0 0 11 * * ?", PARIS))));
        clock.scheduleChanged("c1");
        scheduler.runUntil(paris("2026-12-07T19:00"));

        assertEquals(
                List.of(
                        edge("2026-12-07T09:00", "performance", "balanced", null),
                        edge("2026-12-07T10:00", "balanced", "power-saving", "maintenance"),
                        edge("2026-12-07T11:00", "power-saving", "balanced", null)),
                edges.subList(2, edges.size()));
        assertEquals(1, scheduler.pending());
    }

    @Test
    public void aScheduleThatChangesNothingNowIsFollowedSilently() {
        calendars.put("c1", calendar(EXAMPLE));
        clock.start();
        calendars.put("c1", calendar(EXAMPLE));
        clock.scheduleChanged("c1");
        scheduler.runUntil(paris("2026-12-07T07:30"));

        assertEquals(MONDAY.subList(0, 1), edges);
        assertEquals(1, scheduler.pending());
    }

    @Test
    public void aClusterThatAppearsIsArmedAndOneThatGoesAwayIsForgotten() {
        clock.start();
        calendars.put("c1", calendar(EXAMPLE));
        clock.scheduleChanged("c1");
        scheduler.runUntil(paris("2026-12-07T07:30"));
        assertEquals(MONDAY.subList(0, 1), edges);

        calendars.remove("c1");
        clock.scheduleChanged("c1");
        scheduler.runUntil(paris("2026-12-08T09:00"));

        assertEquals(MONDAY.subList(0, 1), edges);
        assertEquals(0, scheduler.pending());
        assertEquals(Map.of(), clock.current());
    }

    @Test
    public void aFailingListenerDoesNotStopTheClock() {
        calendars.put("c1", calendar(EXAMPLE));
        List<PolicyEdge> heard = new ArrayList<>();
        EdgeClock failing = new EdgeClock(scheduler.clock, scheduler, () -> Map.copyOf(calendars), edge -> {
            heard.add(edge);
            throw new IllegalStateException("the listener's own bug");
        });
        failing.start();
        scheduler.runUntil(paris("2026-12-08T09:00"));

        assertEquals(MONDAY, heard);
    }

    @Test
    public void closingCancelsEveryWakeUp() {
        calendars.put("c1", calendar(EXAMPLE));
        calendars.put("c2", calendar(EXAMPLE));
        clock.start();
        assertEquals(2, scheduler.pending());

        clock.close();
        scheduler.runUntil(paris("2026-12-08T09:00"));

        assertEquals(0, scheduler.pending());
        assertEquals(List.of(), edges);
        clock.scheduleChanged("c1");
        assertEquals(0, scheduler.pending());
    }

    @Test
    public void aListenerThatChangesTheScheduleHearsNothingMoreOfTheOldOne() {
        calendars.put("c1", calendar(EXAMPLE));
        List<PolicyEdge> heard = new ArrayList<>();
        EdgeClock[] self = new EdgeClock[1];
        self[0] = new EdgeClock(scheduler.clock, scheduler, () -> Map.copyOf(calendars), edge -> {
            heard.add(edge);
            if (heard.size() == 1) {
                // at 07:00 the cluster's schedule becomes a plain "balanced": nothing changes now, nothing later
                calendars.put("c1", calendar(new Schedule(PARIS, "balanced", null, null)));
                self[0].scheduleChanged("c1");
            }
        });
        self[0].start();
        // the executor runs the 07:00 wake-up at 09:00: it passed 07:00 and 08:00, but the first edge changes it
        scheduler.latency(Duration.ofHours(2));
        scheduler.runUntil(paris("2026-12-08T09:00"));

        assertEquals(MONDAY.subList(0, 1), heard);
        // the new schedule's hourly look at the clock, and nothing left of the old one
        assertEquals(1, scheduler.pending());
    }
}
