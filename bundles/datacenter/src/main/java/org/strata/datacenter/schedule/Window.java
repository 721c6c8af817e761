package org.strata.datacenter.schedule;

import java.time.ZoneId;
import java.util.List;

/**
 * A window of a cluster's schedule: from each firing of {@code start} until the next firing of {@code end}, the
 * cluster runs {@code policy}, except on the dates of {@code except}. The rules are in the package documentation.
 *
 * @param name unique within its schedule, shown in the timeline and in events
 * @param policy the policy the window applies (the caller checks it against its own set, see {@link PolicyCalendar})
 * @param start a Quartz cron expression ({@code "0 0 20 ? * MON-FRI"}) read in {@code zone}
 * @param end a Quartz cron expression read in {@code zone}: the first firing after a start ends the window
 * @param zone the time zone of both expressions and of the exception dates, such as {@code Europe/Paris}
 * @param except dates on which the window does not start: {@code 2026-12-25} (that day only) or {@code --12-25}
 *     (every year); empty when absent
 */
public record Window(String name, String policy, String start, String end, ZoneId zone, List<String> except) {

    /** Longest name accepted: it is shown in tables and events. */
    public static final int MAX_NAME_LENGTH = 100;

    /** Checks every field; the message names the window and the field. */
    public Window {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("window: name is required");
        }
        name = name.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    "window \"" + name + "\": name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        String what = "window \"" + name + "\": ";
        policy = Validation.requireText(what + "policy", policy);
        start = Validation.requireCron(what + "start", start);
        end = Validation.requireCron(what + "end", end);
        if (zone == null) {
            throw new IllegalArgumentException(what + "zone is required (a time zone such as Europe/Paris)");
        }
        except = Validation.copyDates(what + "except", except);
    }
}
