package org.strata.datacenter.schedule;

import static org.junit.Assert.assertEquals;
import static org.strata.datacenter.schedule.Examples.NEW_YORK;
import static org.strata.datacenter.schedule.Examples.PARIS;
import static org.strata.datacenter.schedule.Examples.SANTIAGO;
import static org.strata.datacenter.schedule.Examples.calendar;
import static org.strata.datacenter.schedule.Examples.schedule;
import static org.strata.datacenter.schedule.Examples.window;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.junit.Test;
import org.quartz.CronExpression;

/**
 * Clocks that go forward (a local time that does not exist) and back (a local time that happens twice). Instants are
 * written in UTC so that nothing here depends on the rule under test.
 */
public class DaylightSavingTest {

    private static Instant utc(String instant) {
        return Instant.parse(instant);
    }

    private static Segment segment(String policy, String window, String start, String end) {
        return new Segment(policy, window, null, utc(start), utc(end));
    }

    @Test
    public void quartzAloneSkipsALocalTimeInTheSpringForwardGap() throws Exception {
        CronExpression twoThirty = new CronExpression("0 30 2 * * ?");
        twoThirty.setTimeZone(TimeZone.getTimeZone(PARIS));

        // Saturday 28 March 2026 02:30 CET, then Monday 30 March 02:30 CEST: Sunday the 29th has no 02:30
        assertEquals(
                utc("2026-03-30T00:30:00Z"),
                twoThirty
                        .getNextValidTimeAfter(Date.from(utc("2026-03-28T01:30:00Z")))
                        .toInstant());
    }

    @Test
    public void aStartInTheSpringForwardGapHappensAtTheEndOfTheGap() {
        // Paris, last Sunday of March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC)
        PolicyCalendar early =
                calendar(schedule(window("early", "power-saving", "0 30 2 * * ?", "0 0 6 * * ?", PARIS)));

        assertEquals(
                List.of(
                        segment("power-saving", "early", "2026-03-28T01:30:00Z", "2026-03-28T05:00:00Z"),
                        segment("balanced", null, "2026-03-28T05:00:00Z", "2026-03-29T01:00:00Z"),
                        segment("power-saving", "early", "2026-03-29T01:00:00Z", "2026-03-29T04:00:00Z"),
                        segment("balanced", null, "2026-03-29T04:00:00Z", "2026-03-30T00:30:00Z"),
                        segment("power-saving", "early", "2026-03-30T00:30:00Z", "2026-03-30T04:00:00Z")),
                early.timeline(utc("2026-03-28T01:30:00Z"), utc("2026-03-30T04:00:00Z")));
        assertEquals(
                new Activation("power-saving", "early", null, utc("2026-03-29T01:00:00Z"), utc("2026-03-29T04:00:00Z")),
                early.activeAt(utc("2026-03-29T01:00:00Z")));
        assertEquals("balanced", early.activeAt(utc("2026-03-29T00:59:59Z")).policy());
    }

    @Test
    public void anEndInTheSpringForwardGapAlsoHappensAtTheEndOfTheGap() {
        PolicyCalendar night =
                calendar(schedule(window("night", "power-saving", "0 0 1 * * ?", "0 30 2 * * ?", PARIS)));

        // 01:00 CET is 00:00 UTC; the 02:30 end that does not exist comes at 03:00 CEST, 01:00 UTC
        assertEquals(
                new Activation("power-saving", "night", null, utc("2026-03-29T00:00:00Z"), utc("2026-03-29T01:00:00Z")),
                night.activeAt(utc("2026-03-29T00:30:00Z")));
    }

    @Test
    public void aMidnightStartOnADayWithoutMidnightHappensAtOneInTheMorning() {
        // Chile, Sunday 6 September 2026: 00:00 (UTC-4) becomes 01:00 (UTC-3), 04:00 UTC
        PolicyCalendar nights =
                calendar(schedule(window("nights", "power-saving", "0 0 0 * * ?", "0 0 6 * * ?", SANTIAGO)));

        assertEquals(
                new Activation(
                        "power-saving", "nights", null, utc("2026-09-06T04:00:00Z"), utc("2026-09-06T09:00:00Z")),
                nights.activeAt(utc("2026-09-06T05:00:00Z")));
        assertEquals(
                utc("2026-09-07T03:00:00Z"),
                nights.nextEdge(utc("2026-09-06T09:00:00Z")).orElseThrow());
    }

    @Test
    public void theGapRuleFollowsEachZonesOwnDate() {
        // New York springs forward on Sunday 8 March 2026 at 02:00 EST (07:00 UTC)
        PolicyCalendar early =
                calendar(schedule(window("early", "power-saving", "0 30 2 * * ?", "0 0 6 * * ?", NEW_YORK)));

        assertEquals(
                utc("2026-03-08T07:00:00Z"),
                early.activeAt(utc("2026-03-08T08:00:00Z")).since());
        // and Paris's gap three weeks later is nothing to New York
        assertEquals(
                utc("2026-03-29T06:30:00Z"),
                early.activeAt(utc("2026-03-29T07:00:00Z")).since());
    }

    @Test
    public void aLocalTimeThatHappensTwiceFiresOnceAtItsSecondOccurrence() {
        // Paris, last Sunday of October 2026: 03:00 CEST (01:00 UTC) becomes 02:00 CET, so 02:30 happens at 00:30
        // UTC and again at 01:30 UTC; Quartz fires at the second
        PolicyCalendar early =
                calendar(schedule(window("early", "power-saving", "0 30 2 * * ?", "0 0 4 * * ?", PARIS)));

        assertEquals(
                List.of(
                        segment("balanced", null, "2026-10-25T00:00:00Z", "2026-10-25T01:30:00Z"),
                        segment("power-saving", "early", "2026-10-25T01:30:00Z", "2026-10-25T03:00:00Z"),
                        segment("balanced", null, "2026-10-25T03:00:00Z", "2026-10-26T00:00:00Z")),
                early.timeline(utc("2026-10-25T00:00:00Z"), utc("2026-10-26T00:00:00Z")));
    }

    @Test
    public void aWindowAcrossTheFallBackNightLastsAnHourMore() {
        PolicyCalendar nights = calendar(schedule(Examples.NIGHTS));

        // Friday 23 October 20:00 CEST to Monday 26 October 07:00 CET: 60 hours, not 59
        Activation weekend = nights.activeAt(utc("2026-10-25T12:00:00Z"));
        assertEquals(utc("2026-10-23T18:00:00Z"), weekend.since());
        assertEquals(utc("2026-10-26T06:00:00Z"), weekend.until());
    }
}
