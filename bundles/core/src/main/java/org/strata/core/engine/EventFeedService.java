package org.strata.core.engine;

import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.Consumer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventTopics;
import org.strata.core.events.EventLog;
import org.strata.engine.EventFeed;

/**
 * The engine's events: recording goes to the event log; a subscription is an Event Admin handler on the topics the
 * log publishes committed events on, so a subscriber sees exactly what the REST stream and other bundles see.
 */
@Component(service = EventFeed.class)
public final class EventFeedService implements EventFeed {

    private static final Logger LOG = LoggerFactory.getLogger(EventFeedService.class);

    private final EventLog log;
    private final BundleContext context;

    @Activate
    public EventFeedService(@Reference EventLog log, BundleContext context) {
        this.log = log;
        this.context = context;
    }

    @Override
    public void record(Event.Severity severity, String type, String subjectType, String subjectId, String message) {
        log.record(severity, type, subjectType, subjectId, message);
    }

    @Override
    public AutoCloseable subscribe(EventFilter filter, Consumer<Event> listener) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventConstants.EVENT_TOPIC, EventTopics.ALL);
        EventHandler handler = posted -> {
            Event event = event(posted);
            if (event != null && filter.matches(event)) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("An event subscriber failed on event {} ({})", event.id(), event.type(), e);
                }
            }
        };
        ServiceRegistration<EventHandler> registration =
                context.registerService(EventHandler.class, handler, properties);
        return () -> {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the platform stopped first; nothing is delivered any more either way
            }
        };
    }

    /** The event as the log published it (see {@link EventTopics} for the properties); null when it is not one. */
    static Event event(org.osgi.service.event.Event posted) {
        Object id = posted.getProperty("id");
        Object time = posted.getProperty("time");
        Object severity = posted.getProperty("severity");
        Object type = posted.getProperty("type");
        if (!(id instanceof Long)
                || !(time instanceof String)
                || !(severity instanceof String)
                || !(type instanceof String)) {
            return null;
        }
        try {
            return new Event(
                    (Long) id,
                    Instant.parse((String) time),
                    Event.Severity.valueOf((String) severity),
                    (String) type,
                    (String) posted.getProperty("subjectType"),
                    (String) posted.getProperty("subjectId"),
                    (String) posted.getProperty("message"));
        } catch (RuntimeException e) {
            LOG.debug("Ignoring a malformed event on {}: {}", posted.getTopic(), e.getMessage());
            return null;
        }
    }
}
