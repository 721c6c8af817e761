package org.strata.api.datacenter;

import java.util.List;

/**
 * A cluster's calendar of policies: outside every window and policy day the cluster follows its own
 * {@link Cluster#policy()}.
 *
 * @param zone       the time zone of the policy days and of windows that name none (e.g. {@code Europe/Paris})
 * @param windows    the windows, earlier ones winning where they overlap
 * @param policyDays whole days (holidays) that follow one policy, before any window
 */
public record ClusterSchedule(String zone, List<Window> windows, List<PolicyDay> policyDays) {

    public ClusterSchedule {
        windows = windows == null ? List.of() : List.copyOf(windows);
        policyDays = policyDays == null ? List.of() : List.copyOf(policyDays);
    }

    /**
     * A window: from each firing of {@code start} (a Quartz cron expression, e.g. {@code 0 0 20 ? * MON-FRI}) to the
     * next firing of {@code end}, in {@code zone} (null: the schedule's), except on the dates in {@code except}
     * ({@code 2026-12-25} once, {@code --12-25} every year).
     */
    public record Window(String name, String policy, String start, String end, String zone, List<String> except) {
        public Window {
            except = except == null ? List.of() : List.copyOf(except);
        }
    }

    /** A date ({@code 2026-05-01}, or {@code --05-01} every year) that follows one policy from midnight to midnight. */
    public record PolicyDay(String date, String policy) {}
}
