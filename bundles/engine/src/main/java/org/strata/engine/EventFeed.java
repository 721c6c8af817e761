package org.strata.engine;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;
import org.strata.api.Event;

/**
 * The platform's event log, for bundles that record events and react to them. The same events reach Event Admin
 * and the REST stream; this is the typed way in.
 */
@ProviderType
public interface EventFeed {

    /** Records an event. A failure to record is logged, never passed on to the work that raised it. */
    void record(Event.Severity severity, String type, String subjectType, String subjectId, String message);

    /**
     * Calls {@code listener} with every event recorded from now on that {@code filter} matches, once it is
     * committed, in the order of their ids, on a thread of the platform's (never the recorder's). A listener must
     * return quickly: submit a task for long work.
     *
     * @return closing it ends the subscription
     */
    AutoCloseable subscribe(EventFilter filter, Consumer<Event> listener);
}
