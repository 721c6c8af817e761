package org.strata.repository;

import java.util.List;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;

/**
 * The event log.
 * Part of the {@link ConfigRepository}, whose rules on transactions, history and errors hold here.
 */
public interface EventStore {

    // Events, newest first.
    Event appendEvent(Event.Severity severity, String type, String subjectType, String subjectId, String message);

    /** Appends several events in one transaction, in the order given (each gets the next id); returns them. */
    List<Event> appendEvents(List<NewEvent> events);

    Page<Event> events(String subjectId, PageRequest page);

    /** Events with an id above {@code afterId} that pass {@code filter}, ascending by id, at most {@code limit}. */
    List<Event> eventsAfter(long afterId, EventFilter filter, int limit);
}
