package org.strata.datacenter.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/** The schedules the tests share, and instants written as local times. */
final class Examples {

    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
    static final Set<String> POLICIES = Set.of("performance", "balanced", "power-saving");

    /** Power saving 20:00-07:00 on weekdays and from Friday 20:00 to Monday 07:00. */
    static final Window NIGHTS = new Window(
            "nights and weekends", "power-saving", "0 0 20 ? * MON-FRI", "0 0 7 ? * MON-FRI", PARIS, List.of());

    /** Performance 08:00-18:00 Monday to Friday, except on Christmas Eve 2026 and every Christmas Day. */
    static final Window BUSINESS = new Window(
            "business hours",
            "performance",
            "0 0 8 ? * MON-FRI",
            "0 0 18 ? * MON-FRI",
            PARIS,
            List.of("2026-12-24", "--12-25"));

    /** The example: balanced outside both windows. */
    static final Schedule EXAMPLE = new Schedule(PARIS, "balanced", List.of(NIGHTS, BUSINESS), List.of());

    private Examples() {}

    static PolicyCalendar calendar(Schedule schedule) {
        return new PolicyCalendar(schedule, POLICIES);
    }

    static Instant paris(String localDateTime) {
        return at(PARIS, localDateTime);
    }

    static Instant at(ZoneId zone, String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    static Window window(String name, String policy, String start, String end, ZoneId zone, String... except) {
        return new Window(name, policy, start, end, zone, List.of(except));
    }

    static Schedule schedule(Window... windows) {
        return new Schedule(PARIS, "balanced", List.of(windows), List.of());
    }
}
