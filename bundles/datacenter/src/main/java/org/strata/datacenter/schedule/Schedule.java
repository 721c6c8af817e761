package org.strata.datacenter.schedule;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster's calendar of policies, as stored and as shown: outside every window the cluster runs {@code
 * defaultPolicy}; the first window (in list order) that is open gives the policy; on a policy day, that day's
 * policy applies all day. The rules are in the package documentation; {@link PolicyCalendar} evaluates them.
 *
 * @param zone the time zone of the policy days (when their midnight falls)
 * @param defaultPolicy the policy outside every window
 * @param windows in order of precedence: an earlier window wins where two are open at once; empty when absent
 * @param policyDays dates with a policy of their own all day; the first listed that matches a date wins; empty when
 *     absent
 */
public record Schedule(ZoneId zone, String defaultPolicy, List<Window> windows, List<PolicyDay> policyDays) {

    /** Checks every field and that names and dates are not repeated; the message names the field. */
    public Schedule {
        if (zone == null) {
            throw new IllegalArgumentException("zone is required (a time zone such as Europe/Paris)");
        }
        defaultPolicy = Validation.requireText("defaultPolicy", defaultPolicy);
        windows = Validation.copyList("windows", windows);
        policyDays = Validation.copyList("policyDays", policyDays);
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            Integer earlier = names.putIfAbsent(windows.get(i).name(), i);
            if (earlier != null) {
                throw new IllegalArgumentException("windows[" + i + "].name: \""
                        + windows.get(i).name() + "\" is already the name of windows[" + earlier + "]");
            }
        }
        Map<String, Integer> dates = new HashMap<>();
        for (int i = 0; i < policyDays.size(); i++) {
            Integer earlier = dates.putIfAbsent(policyDays.get(i).date(), i);
            if (earlier != null) {
                throw new IllegalArgumentException("policyDays[" + i + "].date: \""
                        + policyDays.get(i).date() + "\" is already given by policyDays[" + earlier + "]");
            }
        }
    }
}
