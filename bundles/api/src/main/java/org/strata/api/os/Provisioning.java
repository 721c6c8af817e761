package org.strata.api.os;

import java.time.Instant;
import java.util.List;

/** One provisioning, as recorded; its task ({@code taskId}) has its progress and can be cancelled. */
public record Provisioning(
        String id,
        String targetType,
        String targetId,
        String profileId,
        ProvisioningMethod method,
        String hostname,
        ProvisioningState state,
        String message,
        String taskId,
        List<ProvisioningStep> steps,
        Instant created,
        Instant ended) {
    public Provisioning {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
