package org.strata.api.history;

import java.time.Instant;

/**
 * One change to the configuration repository: who made it, when, to what, and the object as JSON
 * before and after ({@code null} before a creation and after a deletion). Secrets never appear.
 */
public record HistoryEntry(
        long id,
        Instant time,
        String principal,
        String entityType,
        String entityId,
        Action action,
        String before,
        String after) {

    public enum Action {
        CREATE,
        UPDATE,
        DELETE
    }
}
