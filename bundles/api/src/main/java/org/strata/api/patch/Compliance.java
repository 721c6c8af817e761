package org.strata.api.patch;

import java.time.Instant;
import java.util.List;

/**
 * One target's standing against a baseline, as its last scan found it.
 *
 * @param baselineId the baseline
 * @param targetKind what the target is
 * @param targetId   its id
 * @param targetName its name
 * @param status     the verdict
 * @param method     how its software was read ({@code agent}, {@code offline}), or null when it could not be
 * @param missing    what it lacks: each required package it does not have, or has older; empty when compliant
 * @param reason     why the verdict is {@link ComplianceStatus#UNKNOWN}, in words ("the guest agent does not answer");
 *                   null otherwise
 * @param scanned    when
 */
public record Compliance(
        String baselineId,
        TargetKind targetKind,
        String targetId,
        String targetName,
        ComplianceStatus status,
        String method,
        List<MissingPackage> missing,
        String reason,
        Instant scanned) {
    public Compliance {
        missing = missing == null ? List.of() : List.copyOf(missing);
    }

    /**
     * A required package a target lacks.
     *
     * @param name      the package
     * @param required  the version required (the baseline's minimum, or the repository's newest); null for any
     * @param installed the version installed, or null when it is not installed
     */
    public record MissingPackage(String name, String required, String installed) {}
}
