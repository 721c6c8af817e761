package org.strata.api.patch;

import java.time.Instant;

/**
 * A maintenance window in which Strata remediates against a baseline by itself: from each firing of {@code start} to
 * the next firing of {@code end} (Quartz cron expressions in {@code zone}, as cluster schedules are written), one
 * host's VMs at a time, at most {@code batchSize} at once; VMs of a host in maintenance mode wait for a later window.
 * A batch that fails stops the window's run (the next host is not patched with what just failed), and no batch
 * starts once the window has closed.
 *
 * @param id          its id
 * @param name        unique, for people
 * @param baselineId  the baseline it remediates against
 * @param targets     what it patches; empty: every target whose last scan against the baseline was
 *                    {@link ComplianceStatus#NON_COMPLIANT}
 * @param start       when it opens (a Quartz cron expression: {@code 0 0 22 ? * SAT})
 * @param end         when it closes after opening ({@code 0 0 4 ? * SUN}); at most a week later
 * @param zone        the zone both are read in ({@code Europe/Paris})
 * @param batchSize   how many VMs of one host are patched at once
 * @param nextOpening when it opens next (now, when it is open), or null when it never will again
 * @param lastOpened  when its last run began, or null
 * @param lastTaskId  the task of its last run, or null
 * @param created     when it was made
 */
public record PatchWindow(
        String id,
        String name,
        String baselineId,
        PatchTargets targets,
        String start,
        String end,
        String zone,
        int batchSize,
        Instant nextOpening,
        Instant lastOpened,
        String lastTaskId,
        Instant created) {}
