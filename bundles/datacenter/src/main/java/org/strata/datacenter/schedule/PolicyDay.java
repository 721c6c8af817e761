package org.strata.datacenter.schedule;

/**
 * A date on which one policy applies to the whole cluster all day, whatever its windows say (power saving on
 * public holidays). The day runs from midnight to midnight in the schedule's zone.
 *
 * @param date {@code 2026-12-25} (that day only) or {@code --12-25} (every year)
 * @param policy the policy of that day
 */
public record PolicyDay(String date, String policy) {

    /** Checks both fields; the message names the day and the field. */
    public PolicyDay {
        date = Validation.requireDate("policy day: date", date);
        policy = Validation.requireText("policy day \"" + date + "\": policy", policy);
    }
}
