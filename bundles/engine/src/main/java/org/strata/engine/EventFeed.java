package org.strata.engine;

import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;

/**
 * The platform's event log, for bundles that record events and react to them: the typed way to what is also
 * published on Event Admin ({@link org.strata.api.event.EventTopics}) and streamed over REST. To read what was recorded
 * before, use {@link org.strata.api.event.EventService#eventsAfter}.
 */
@ProviderType
public interface EventFeed {

    /** Records an event. A failure to record is logged, never passed on to the work that raised it. */
    void record(Event.Severity severity, String type, String subjectType, String subjectId, String message);

    /**
     * Calls {@code listener} with every event recorded from now on that {@code filter} matches, once it is
     * committed, on Event Admin's delivery thread (never the recorder's): in order of their ids. A listener must
     * return quickly (Event Admin stops delivering to a handler that blocks): submit a task for long work.
     *
     * @return closing it ends the subscription
     */
    AutoCloseable subscribe(EventFilter filter, Consumer<Event> listener);
}
