package org.strata.api;

/** The event log, newest first. */
public interface EventService {

    /** Events, all or those about one subject ({@code subjectId} may be null). */
    Page<Event> events(String subjectId, PageRequest page);
}
