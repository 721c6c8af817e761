package org.strata.repository;

import org.strata.api.event.Event;

/** An event to append with {@link ConfigRepository#appendEvents}: the arguments of {@code appendEvent}. */
public record NewEvent(Event.Severity severity, String type, String subjectType, String subjectId, String message) {}
