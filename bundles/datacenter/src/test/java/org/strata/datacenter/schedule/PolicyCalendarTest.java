package org.strata.datacenter.schedule;

import static org.junit.Assert.assertEquals;
import static org.strata.datacenter.schedule.Examples.EXAMPLE;
import static org.strata.datacenter.schedule.Examples.NEW_YORK;
import static org.strata.datacenter.schedule.Examples.PARIS;
import static org.strata.datacenter.schedule.Examples.TOKYO;
import static org.strata.datacenter.schedule.Examples.at;
import static org.strata.datacenter.schedule.Examples.calendar;
import static org.strata.datacenter.schedule.Examples.paris;
import static org.strata.datacenter.schedule.Examples.schedule;
import static org.strata.datacenter.schedule.Examples.window;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.Test;

public class PolicyCalendarTest {

    private final PolicyCalendar example = calendar(EXAMPLE);

    private static Segment segment(String policy, String window, String start, String end) {
        return new Segment(policy, window, null, paris(start), paris(end));
    }

    @Test
    public void aWeekOfTheExampleIsPowerSavingAtNightAndWeekendPerformanceInBusinessHoursBalancedBetween() {
        List<Segment> expected = new ArrayList<>();
        expected.add(segment("power-saving", "nights and weekends", "2026-12-07T00:00", "2026-12-07T07:00"));
        for (int day = 7; day <= 11; day++) {
            String date = "2026-12-" + String.format("%02d", day);
            String morning = day == 11 ? "2026-12-14T00:00" : "2026-12-" + String.format("%02d", day + 1) + "T07:00";
            expected.add(segment("balanced", null, date + "T07:00", date + "T08:00"));
            expected.add(segment("performance", "business hours", date + "T08:00", date + "T18:00"));
            expected.add(segment("balanced", null, date + "T18:00", date + "T20:00"));
            expected.add(segment("power-saving", "nights and weekends", date + "T20:00", morning));
        }

        // Monday 7 December 2026, midnight in Paris, for seven days
        assertEquals(expected, example.timeline(paris("2026-12-07T00:00"), paris("2026-12-14T00:00")));
    }

    @Test
    public void aWindowIsInForceAtItsStartAndNoLongerAtItsEnd() {
        Instant start = paris("2026-12-08T08:00");
        Instant end = paris("2026-12-08T18:00");

        assertEquals(
                new Activation("balanced", null, null, paris("2026-12-08T07:00"), start),
                example.activeAt(start.minusNanos(1)));
        assertEquals(new Activation("performance", "business hours", null, start, end), example.activeAt(start));
        assertEquals(
                new Activation("performance", "business hours", null, start, end), example.activeAt(end.minusNanos(1)));
        assertEquals(new Activation("balanced", null, null, end, paris("2026-12-08T20:00")), example.activeAt(end));
    }

    @Test
    public void theWeekendIsOneStretchOfPowerSavingFromFridayEveningToMondayMorning() {
        Activation sunday = example.activeAt(paris("2026-12-13T15:00"));

        assertEquals(
                new Activation(
                        "power-saving",
                        "nights and weekends",
                        null,
                        paris("2026-12-11T20:00"),
                        paris("2026-12-14T07:00")),
                sunday);
    }

    @Test
    public void nextEdgeIsStrictlyAfterTheInstant() {
        assertEquals(Optional.of(paris("2026-12-08T18:00")), example.nextEdge(paris("2026-12-08T08:00")));
        assertEquals(Optional.of(paris("2026-12-08T18:00")), example.nextEdge(paris("2026-12-08T17:59:59.999")));
        assertEquals(Optional.of(paris("2026-12-14T07:00")), example.nextEdge(paris("2026-12-11T20:00")));
    }

    @Test
    public void businessHoursDoNotApplyOnTheirOneOffAndYearlyHolidays() {
        // Thursday 24 December 2026 (one-off) and Friday 25 December 2026 (every year)
        assertEquals(
                new Activation("balanced", null, null, paris("2026-12-24T07:00"), paris("2026-12-24T20:00")),
                example.activeAt(paris("2026-12-24T10:00")));
        assertEquals(
                new Activation("balanced", null, null, paris("2026-12-25T07:00"), paris("2026-12-25T20:00")),
                example.activeAt(paris("2026-12-25T10:00")));
        // Monday 25 December 2028: every year; Friday 24 December 2027: the one-off was 2026 only
        assertEquals("balanced", example.activeAt(paris("2028-12-25T10:00")).policy());
        assertEquals("performance", example.activeAt(paris("2027-12-24T10:00")).policy());
        // the holiday does not cut the night that began the evening before, nor the one that begins that evening
        assertEquals("power-saving", example.activeAt(paris("2026-12-24T06:59")).policy());
        assertEquals(
                paris("2026-12-28T07:00"),
                example.activeAt(paris("2026-12-25T20:00")).until());
    }

    @Test
    public void anExceptionSkipsTheOccurrenceThatStartsThatDayNotTheOneAlreadyRunning() {
        // 22:00 to 02:00, except on New Year's Day: the night of 31 December runs to 02:00 on 1 January
        PolicyCalendar late =
                calendar(schedule(window("late", "power-saving", "0 0 22 * * ?", "0 0 2 * * ?", PARIS, "--01-01")));

        assertEquals(
                List.of(
                        segment("balanced", null, "2026-12-31T12:00", "2026-12-31T22:00"),
                        segment("power-saving", "late", "2026-12-31T22:00", "2027-01-01T02:00"),
                        segment("balanced", null, "2027-01-01T02:00", "2027-01-02T02:00")),
                late.timeline(paris("2026-12-31T12:00"), paris("2027-01-02T02:00"))
                        .subList(0, 3));
        assertEquals(
                paris("2027-01-02T22:00"),
                late.nextEdge(paris("2027-01-01T02:00")).orElseThrow());
    }

    @Test
    public void aPolicyDayAppliesFromMidnightToMidnightAboveEveryWindow() {
        Schedule labourDay = new Schedule(
                PARIS,
                "balanced",
                List.of(Examples.NIGHTS, Examples.BUSINESS),
                List.of(new PolicyDay("--05-01", "power-saving")));

        // Friday 1 May 2026
        assertEquals(
                List.of(
                        segment("balanced", null, "2026-04-30T18:00", "2026-04-30T20:00"),
                        segment("power-saving", "nights and weekends", "2026-04-30T20:00", "2026-05-01T00:00"),
                        new Segment(
                                "power-saving", null, "--05-01", paris("2026-05-01T00:00"), paris("2026-05-02T00:00")),
                        segment("power-saving", "nights and weekends", "2026-05-02T00:00", "2026-05-04T07:00"),
                        segment("balanced", null, "2026-05-04T07:00", "2026-05-04T08:00"),
                        segment("performance", "business hours", "2026-05-04T08:00", "2026-05-04T09:00")),
                calendar(labourDay).timeline(paris("2026-04-30T18:00"), paris("2026-05-04T09:00")));
    }

    @Test
    public void theFirstPolicyDayListedWinsAndAOneOffDayAppliesOnlyOnItsDate() {
        Schedule days = new Schedule(
                PARIS,
                "balanced",
                List.of(),
                List.of(new PolicyDay("2026-07-14", "performance"), new PolicyDay("--07-14", "power-saving")));
        PolicyCalendar calendar = calendar(days);

        assertEquals(
                new Activation("performance", null, "2026-07-14", paris("2026-07-14T00:00"), paris("2026-07-15T00:00")),
                calendar.activeAt(paris("2026-07-14T12:00")));
        assertEquals(
                new Activation("power-saving", null, "--07-14", paris("2027-07-14T00:00"), paris("2027-07-15T00:00")),
                calendar.activeAt(paris("2027-07-14T12:00")));
    }

    @Test
    public void whereWindowsOverlapTheEarlierOneWins() {
        Window freeze = window("freeze", "balanced", "0 0 17 ? * TUE", "0 0 19 ? * TUE", PARIS);
        Window business = Examples.BUSINESS;
        Instant from = paris("2026-12-08T16:00");
        Instant to = paris("2026-12-08T20:00");

        assertEquals(
                List.of(
                        segment("performance", "business hours", "2026-12-08T16:00", "2026-12-08T17:00"),
                        segment("balanced", "freeze", "2026-12-08T17:00", "2026-12-08T19:00"),
                        segment("balanced", null, "2026-12-08T19:00", "2026-12-08T20:00")),
                calendar(schedule(freeze, business)).timeline(from, to));
        assertEquals(
                List.of(
                        segment("performance", "business hours", "2026-12-08T16:00", "2026-12-08T18:00"),
                        segment("balanced", "freeze", "2026-12-08T18:00", "2026-12-08T19:00"),
                        segment("balanced", null, "2026-12-08T19:00", "2026-12-08T20:00")),
                calendar(schedule(business, freeze)).timeline(from, to));
    }

    @Test
    public void eachWindowReadsItsExpressionsInItsOwnZone() {
        Window newYork = window("new york", "performance", "0 0 9 ? * MON-FRI", "0 0 17 ? * MON-FRI", NEW_YORK);
        Window tokyo = window("tokyo", "power-saving", "0 0 9 ? * MON-FRI", "0 0 17 ? * MON-FRI", TOKYO);
        PolicyCalendar calendar = calendar(schedule(newYork, tokyo));

        // Monday 16 March 2026: New York is on summer time since the 8th (UTC-4), Paris not yet (UTC+1)
        assertEquals(
                new Activation(
                        "performance",
                        "new york",
                        null,
                        Instant.parse("2026-03-16T13:00:00Z"),
                        Instant.parse("2026-03-16T21:00:00Z")),
                calendar.activeAt(paris("2026-03-16T14:00")));
        // Tuesday 17 March 2026, 09:00 in Tokyo is 00:00 UTC
        assertEquals(
                new Activation(
                        "power-saving",
                        "tokyo",
                        null,
                        Instant.parse("2026-03-17T00:00:00Z"),
                        Instant.parse("2026-03-17T08:00:00Z")),
                calendar.activeAt(at(TOKYO, "2026-03-17T12:00")));
        assertEquals(
                new Activation(
                        "balanced",
                        null,
                        null,
                        Instant.parse("2026-03-16T21:00:00Z"),
                        Instant.parse("2026-03-17T00:00:00Z")),
                calendar.activeAt(Instant.parse("2026-03-16T22:00:00Z")));
    }

    @Test
    public void policyDaysFollowTheSchedulesZone() {
        Schedule utc = new Schedule(
                ZoneOffset.UTC, "balanced", List.of(), List.of(new PolicyDay("2026-12-25", "power-saving")));

        assertEquals(
                new Activation(
                        "power-saving",
                        null,
                        "2026-12-25",
                        Instant.parse("2026-12-25T00:00:00Z"),
                        Instant.parse("2026-12-26T00:00:00Z")),
                calendar(utc).activeAt(paris("2026-12-26T00:30")));
    }

    @Test
    public void aScheduleWithoutWindowsHasNoEdge() {
        PolicyCalendar plain = calendar(new Schedule(PARIS, "balanced", List.of(), List.of()));

        assertEquals(new Activation("balanced", null, null, null, null), plain.activeAt(paris("2026-12-08T12:00")));
        assertEquals(Optional.empty(), plain.nextEdge(paris("2026-12-08T12:00")));
        assertEquals(
                List.of(new Segment("balanced", null, null, paris("2026-12-08T12:00"), paris("2026-12-15T12:00"))),
                plain.timeline(paris("2026-12-08T12:00"), paris("2026-12-15T12:00")));
    }

    @Test
    public void anOccurrenceWhoseEndDoesNotFireEndsAfterTheHorizon() {
        // starts at noon on 1 January 2027; the end fired for the last time in 2026
        PolicyCalendar open = calendar(
                schedule(window("open", "power-saving", "0 0 12 1 1 ? 2027", "0 0 12 1 1 ? 2026", ZoneOffset.UTC)));
        Instant start = Instant.parse("2027-01-01T12:00:00Z");

        assertEquals(
                new Activation("power-saving", "open", null, start, start.plus(PolicyCalendar.HORIZON)),
                open.activeAt(Instant.parse("2027-06-01T00:00:00Z")));
        assertEquals(
                "balanced", open.activeAt(start.plus(PolicyCalendar.HORIZON)).policy());
    }

    @Test
    public void twoAdjacentWindowsWithOnePolicyStillMakeAnEdge() {
        Window morning = window("morning", "performance", "0 0 8 * * ?", "0 0 12 * * ?", PARIS);
        Window afternoon = window("afternoon", "performance", "0 0 12 * * ?", "0 0 18 * * ?", PARIS);

        assertEquals(
                List.of(
                        segment("performance", "morning", "2026-12-08T09:00", "2026-12-08T12:00"),
                        segment("performance", "afternoon", "2026-12-08T12:00", "2026-12-08T13:00")),
                calendar(schedule(morning, afternoon)).timeline(paris("2026-12-08T09:00"), paris("2026-12-08T13:00")));
    }

    @Test
    public void aWindowWhoseEndFiresWithItsStartRunsUntilTheNextEnd() {
        // start and end both at 08:00: each occurrence ends at the next day's 08:00, where the next begins
        PolicyCalendar always =
                calendar(schedule(window("always", "performance", "0 0 8 * * ?", "0 0 8 * * ?", PARIS)));

        assertEquals(
                new Activation("performance", "always", null, null, null), always.activeAt(paris("2026-12-09T12:00")));
    }

    @Test
    public void evaluatingFarFromAnyEdgeStaysCorrect() {
        // a yearly window: 24 December 00:00 to 2 January 00:00
        PolicyCalendar holidays =
                calendar(schedule(window("holidays", "power-saving", "0 0 0 24 12 ?", "0 0 0 2 1 ?", PARIS)));

        assertEquals(
                new Activation("balanced", null, null, paris("2026-01-02T00:00"), paris("2026-12-24T00:00")),
                holidays.activeAt(paris("2026-07-01T00:00")));
        assertEquals(
                new Activation("power-saving", "holidays", null, paris("2026-12-24T00:00"), paris("2027-01-02T00:00")),
                holidays.activeAt(paris("2026-12-31T23:59:59")));
    }

    @Test
    public void timelineSegmentsTileTheRangeAndAgreeWithActiveAtAndNextEdge() {
        // both changes of time, and the holidays
        tilesAndAgrees(paris("2026-03-20T13:17:42.5"), paris("2026-04-03T00:00"));
        tilesAndAgrees(paris("2026-10-18T00:00"), paris("2026-11-01T09:00"));
        tilesAndAgrees(paris("2026-12-18T00:00"), paris("2027-01-04T00:00"));
    }

    private void tilesAndAgrees(Instant from, Instant to) {
        List<Segment> year = example.timeline(from, to);

        assertEquals(from, year.get(0).start());
        assertEquals(to, year.get(year.size() - 1).end());
        for (int i = 1; i < year.size(); i++) {
            Segment before = year.get(i - 1);
            Segment after = year.get(i);
            assertEquals(before.end(), after.start());
            Activation activation = example.activeAt(after.start());
            assertEquals(after.policy() + " " + after.window(), activation.policy() + " " + activation.window());
            assertEquals(after.start(), activation.since());
            if (i < year.size() - 1) {
                assertEquals(after.end(), activation.until());
            }
            assertEquals(Optional.of(after.start()), example.nextEdge(before.start()));
        }
    }
}
