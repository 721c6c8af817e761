package org.strata.datacenter.schedule;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.strata.datacenter.schedule.Examples.PARIS;
import static org.strata.datacenter.schedule.Examples.POLICIES;
import static org.strata.datacenter.schedule.Examples.calendar;
import static org.strata.datacenter.schedule.Examples.schedule;
import static org.strata.datacenter.schedule.Examples.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.junit.function.ThrowingRunnable;

public class ValidationTest {

    private static String message(ThrowingRunnable bad) {
        return assertThrows(IllegalArgumentException.class, bad).getMessage();
    }

    @Test
    public void aWindowNamesTheFieldThatIsWrong() {
        assertEquals(
                "window: name is required",
                message(() -> window(" ", "balanced", "0 0 8 * * ?", "0 0 9 * * ?", PARIS)));
        assertEquals(
                "window \"night\": policy is required",
                message(() -> window("night", null, "0 0 8 * * ?", "0 0 9 * * ?", PARIS)));
        assertEquals(
                "window \"night\": end is required",
                message(() -> window("night", "balanced", "0 0 8 * * ?", "", PARIS)));
        assertEquals(
                "window \"night\": zone is required (a time zone such as Europe/Paris)",
                message(() -> window("night", "balanced", "0 0 8 * * ?", "0 0 9 * * ?", null)));
        assertEquals(
                "window \"" + "x".repeat(101) + "\": name is longer than 100 characters",
                message(() -> window("x".repeat(101), "balanced", "0 0 8 * * ?", "0 0 9 * * ?", PARIS)));
    }

    @Test
    public void aBadCronExpressionIsNamedWithQuartzsReason() {
        assertEquals(
                "window \"night\": start: \"0 0 25 * * ?\" is not a Quartz cron expression (" + Validation.CRON_SHAPE
                        + "): Hour values must be between 0 and 23",
                message(() -> window("night", "balanced", "0 0 25 * * ?", "0 0 9 * * ?", PARIS)));
        assertEquals(
                "window \"night\": end: \"0 0 8 * * MON-FRI\" is not a Quartz cron expression (" + Validation.CRON_SHAPE
                        + "): Support for specifying both a day-of-week AND a day-of-month parameter is not implemented.",
                message(() -> window("night", "balanced", "0 0 8 * * ?", "0 0 8 * * MON-FRI", PARIS)));
        assertEquals(
                "window \"night\": start: \"0 20 * *\" is not a Quartz cron expression (" + Validation.CRON_SHAPE
                        + "): Unexpected end of expression.",
                message(() -> window("night", "balanced", "0 20 * *", "0 0 9 * * ?", PARIS)));
    }

    @Test
    public void exceptionDatesAreDatesOrDatesEveryYear() {
        assertEquals(
                "window \"night\": except[1]: \"2026-13-01\" is neither a date (2026-12-25) nor a date every year"
                        + " (--12-25)",
                message(() ->
                        window("night", "balanced", "0 0 8 * * ?", "0 0 9 * * ?", PARIS, "--12-25", "2026-13-01")));
        assertEquals(
                "window \"night\": except[1]: \"--12-25\" is given twice",
                message(() -> window("night", "balanced", "0 0 8 * * ?", "0 0 9 * * ?", PARIS, "--12-25", "--12-25")));
        assertEquals(
                "window \"night\": except[0] is required",
                message(() -> new Window(
                        "night", "balanced", "0 0 8 * * ?", "0 0 9 * * ?", PARIS, Arrays.asList((String) null))));
        assertEquals(
                "policy day: date: \"12-25\" is neither a date (2026-12-25) nor a date every year (--12-25)",
                message(() -> new PolicyDay("12-25", "balanced")));
        assertEquals("policy day \"--12-25\": policy is required", message(() -> new PolicyDay("--12-25", " ")));
    }

    @Test
    public void aScheduleRefusesRepeatedNamesAndDatesAndMissingFields() {
        Window night = window("night", "power-saving", "0 0 20 * * ?", "0 0 7 * * ?", PARIS);

        assertEquals(
                "windows[1].name: \"night\" is already the name of windows[0]", message(() -> schedule(night, night)));
        assertEquals(
                "policyDays[1].date: \"--12-25\" is already given by policyDays[0]",
                message(() -> new Schedule(
                        PARIS,
                        "balanced",
                        List.of(),
                        List.of(new PolicyDay("--12-25", "balanced"), new PolicyDay("--12-25", "power-saving")))));
        assertEquals(
                "zone is required (a time zone such as Europe/Paris)",
                message(() -> new Schedule(null, "balanced", null, null)));
        assertEquals("defaultPolicy is required", message(() -> new Schedule(PARIS, null, null, null)));
        assertEquals(
                "windows[0] is empty",
                message(() -> new Schedule(PARIS, "balanced", Arrays.asList((Window) null), null)));
        assertEquals(List.of(), new Schedule(PARIS, "balanced", null, null).windows());
    }

    @Test
    public void policiesMustBeAmongTheCallersOwn() {
        assertEquals(
                "defaultPolicy: \"turbo\" is not a known policy (known: balanced, performance, power-saving)",
                message(() -> new PolicyCalendar(new Schedule(PARIS, "turbo", null, null), POLICIES)));
        assertEquals(
                "window \"night\": policy: \"power-save\" is not a known policy (known: balanced, performance,"
                        + " power-saving)",
                message(() -> calendar(schedule(window("night", "power-save", "0 0 20 * * ?", "0 0 7 * * ?", PARIS)))));
        assertEquals(
                "policy day \"--12-25\": policy: \"off\" is not a known policy (known: on)",
                message(() -> new PolicyCalendar(
                        new Schedule(PARIS, "on", null, List.of(new PolicyDay("--12-25", "off"))), Set.of("on"))));
    }

    @Test
    public void aWindowThatWouldNotStartOrNotEndIsRefusedWhenSaved() {
        Instant now = Instant.parse("2026-12-05T23:00:00Z");

        assertEquals(
                "window \"old\": start: \"0 0 8 ? * MON-FRI 2025\" never fires after 2026-12-05T23:00:00Z",
                message(() -> calendar(
                                schedule(window("old", "balanced", "0 0 8 ? * MON-FRI 2025", "0 0 9 * * ?", PARIS)))
                        .requireLive(now)));
        assertEquals(
                "window \"stuck\": end: \"0 0 7 ? * MON-FRI 2025\" does not fire within 366 days after the window"
                        + " starts at 2026-12-06T19:00:00Z (Europe/Paris), so the window would not end",
                message(() -> calendar(
                                schedule(window("stuck", "balanced", "0 0 20 * * ?", "0 0 7 ? * MON-FRI 2025", PARIS)))
                        .requireLive(now)));
        calendar(Examples.EXAMPLE).requireLive(now);
    }

    @Test
    public void aTimelineIsForwardAndAtMostAYearAndADay() {
        PolicyCalendar example = calendar(Examples.EXAMPLE);
        Instant now = Instant.parse("2026-12-05T23:00:00Z");

        assertEquals(
                "the timeline's end 2026-12-05T23:00:00Z is not after its start 2026-12-05T23:00:00Z",
                message(() -> example.timeline(now, now)));
        assertEquals(
                "a timeline covers at most 366 days",
                message(() ->
                        example.timeline(now, now.plus(PolicyCalendar.HORIZON).plusSeconds(1))));
        // two edges a minute: 2,880 segments a day
        PolicyCalendar busy = calendar(schedule(window("busy", "performance", "0 * * * * ?", "30 * * * * ?", PARIS)));
        assertEquals(2880, busy.timeline(now, now.plus(Duration.ofDays(1))).size());
        assertEquals(
                "the timeline from 2026-12-05T23:00:00Z to 2026-12-09T23:00:00Z has more than 10000 segments: ask for"
                        + " a shorter range",
                message(() -> busy.timeline(now, now.plus(Duration.ofDays(4)))));
    }
}
