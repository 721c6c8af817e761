package org.strata.api.task;

import java.time.Instant;
import org.strata.api.ErrorCode;

/**
 * A unit of work that may take long. {@code progress} runs from 0 to 100. When it failed,
 * {@code errorCode} and {@code errorMessage} say why; when it succeeded, {@code result} may hold
 * the id of what it made or a short outcome.
 */
public record Task(
        String id,
        String operation,
        String targetType,
        String targetId,
        TaskState state,
        int progress,
        String message,
        String result,
        ErrorCode errorCode,
        String errorMessage,
        String principal,
        Instant created,
        Instant started,
        Instant finished) {

    public boolean done() {
        return state.done();
    }
}
