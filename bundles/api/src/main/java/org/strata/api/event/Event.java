package org.strata.api.event;

import java.time.Instant;

/** Something that happened, worth telling an operator: a driver came or went, a host changed state. */
public record Event(
        long id, Instant time, Severity severity, String type, String subjectType, String subjectId, String message) {

    public enum Severity {
        INFO,
        WARNING,
        ERROR
    }
}
