package org.strata.api.patch;

/**
 * A patch window to make (see {@link PatchWindow}).
 *
 * @param name       unique, 1 to 64 letters, digits, dots, dashes and underscores
 * @param baselineId the baseline
 * @param targets    what it patches; null or empty for every target non-compliant at its last scan
 * @param start      when it opens, a Quartz cron expression
 * @param end        when it closes, a Quartz cron expression, at most a week after it opens
 * @param zone       the zone; null for UTC
 * @param batchSize  VMs of one host patched at once; null for 1
 */
public record PatchWindowSpec(
        String name,
        String baselineId,
        PatchTargets targets,
        String start,
        String end,
        String zone,
        Integer batchSize) {}
