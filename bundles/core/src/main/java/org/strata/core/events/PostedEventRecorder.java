package org.strata.core.events;

import java.util.Locale;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.event.Event;

/**
 * Lets other bundles of the platform record Strata events without depending on core: whatever is posted to the
 * Event Admin topic {@value #TOPIC} with the properties {@code type}, {@code severity} (INFO, WARNING, ERROR),
 * {@code subjectType}, {@code subjectId} and {@code message} joins the event log (the login audit of
 * org.strata.security is one such bundle). Posted events are delivered asynchronously, in order per poster.
 */
@Component(property = EventConstants.EVENT_TOPIC + "=" + PostedEventRecorder.TOPIC)
public final class PostedEventRecorder implements EventHandler {

    public static final String TOPIC = "org/strata/events/record";

    private static final Logger LOG = LoggerFactory.getLogger(PostedEventRecorder.class);
    private static final Set<String> FIELDS = Set.of("type", "subjectType", "subjectId", "message");

    private final EventLog events;

    @Activate
    public PostedEventRecorder(@Reference EventLog events) {
        this.events = events;
    }

    @Override
    public void handleEvent(org.osgi.service.event.Event posted) {
        for (String field : FIELDS) {
            if (!(posted.getProperty(field) instanceof String)) {
                LOG.warn("Ignoring an event posted to {} without a text '{}'", TOPIC, field);
                return;
            }
        }
        Event.Severity severity;
        try {
            severity = Event.Severity.valueOf(
                    String.valueOf(posted.getProperty("severity")).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            severity = Event.Severity.INFO;
        }
        events.record(
                severity,
                (String) posted.getProperty("type"),
                (String) posted.getProperty("subjectType"),
                (String) posted.getProperty("subjectId"),
                (String) posted.getProperty("message"));
    }
}
