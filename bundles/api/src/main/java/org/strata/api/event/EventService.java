package org.strata.api.event;

import java.util.List;
import org.strata.api.Page;
import org.strata.api.PageRequest;

/**
 * The event log. Every recorded event is also published on OSGi Event Admin once committed (see
 * {@link EventTopics}); ids increase in the order events are committed, so "the events after id X" never misses
 * one that a reader at X had not seen.
 */
public interface EventService {

    /** The most events {@link #eventsAfter} returns at once. */
    int MAX_AFTER_LIMIT = 1000;

    /** Events, all or those about one subject ({@code subjectId} may be null), newest first. */
    Page<Event> events(String subjectId, PageRequest page);

    /**
     * Events with an id greater than {@code afterId} that pass {@code filter}, oldest first, at most {@code limit}
     * (1 to {@link #MAX_AFTER_LIMIT}): what a stream resuming after {@code afterId} reads before it goes live.
     */
    List<Event> eventsAfter(long afterId, EventFilter filter, int limit);
}
