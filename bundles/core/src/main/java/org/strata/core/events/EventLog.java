package org.strata.core.events;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;
import org.strata.api.event.EventTopics;
import org.strata.repository.EventStore;
import org.strata.repository.NewEvent;

/**
 * Records events in the repository, publishes each one on Event Admin once committed ({@link EventTopics}), and
 * serves them back.
 *
 * <p>Events are recorded one transaction at a time: the repository's ids then increase in commit order, which is
 * what lets a reader resume "after id X" without missing an event committed late under a lower id (the SSE stream,
 * the shell's event-tail). Publishing is {@code postEvent}: recording never waits for a handler.
 *
 * <p>Event Admin keeps the order of the events one thread posts, not of events posted by different threads (Felix
 * delivers those in parallel). Recording threads therefore hand each committed event, in id order under the
 * recording lock, to one publishing thread, which posts them all: a handler sees ids in increasing order, as the
 * engine's {@code EventFeed} promises.
 */
@Component(service = {EventLog.class, EventService.class})
public final class EventLog implements EventService {

    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final EventStore repository;
    private final EventAdmin eventAdmin;
    private final ReentrantLock recording = new ReentrantLock();
    /** The one thread that posts on Event Admin; null when there is nothing to publish to. */
    private final OrderedPoster publisher;

    /** An event log that publishes nothing (tests that need no Event Admin). */
    public EventLog(EventStore repository) {
        this(repository, null);
    }

    /**
     * @param eventAdmin where committed events are published; absent, events are only recorded (GREEDY, so that an
     *                   Event Admin arriving later is bound)
     */
    @Activate
    public EventLog(
            @Reference EventStore repository,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                    EventAdmin eventAdmin) {
        this.repository = repository;
        this.eventAdmin = eventAdmin;
        this.publisher = eventAdmin == null ? null : new OrderedPoster("strata-event-publisher", () -> eventAdmin);
    }

    /** Posts what was handed over (waiting up to 10 s for it), then ends the publishing thread. */
    @Deactivate
    public void stop() {
        if (publisher == null) {
            return;
        }
        if (!publisher.drain(Duration.ofSeconds(10))) {
            LOG.warn("Event Admin took more than 10 s to take the last events; they are recorded, not published");
        }
    }

    /** Records an event; a failure to record is logged, never passed on to the work that raised it. */
    public void record(Event.Severity severity, String type, String subjectType, String subjectId, String message) {
        recording.lock();
        try {
            publish(repository.appendEvent(severity, type, subjectType, subjectId, message));
        } catch (RuntimeException e) {
            LOG.warn("Could not record event {} about {} {}: {}", type, subjectType, subjectId, e.getMessage());
        } finally {
            recording.unlock();
        }
    }

    /**
     * Runs a repository write that appends its own event in its transaction (a VM's state with the event saying
     * so: one commit instead of two), under the same lock as every other append so that event ids keep following
     * commit order, and publishes the event it recorded. Unlike {@link #record}, a failure is the caller's: it is
     * the caller's write that failed.
     *
     * @return what {@code write} returned: the event recorded, or empty when it recorded none
     */
    public Optional<Event> recordAlong(Supplier<Optional<Event>> write) {
        recording.lock();
        try {
            Optional<Event> recorded = write.get();
            recorded.ifPresent(this::publish);
            return recorded;
        } finally {
            recording.unlock();
        }
    }

    /** Records several events in one transaction; a failure is logged, never passed on. */
    public void recordAll(List<NewEvent> drafts) {
        if (drafts.isEmpty()) {
            return;
        }
        recording.lock();
        try {
            for (Event event : repository.appendEvents(drafts)) {
                publish(event);
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Could not record {} events ({} about {} {} first): {}",
                    drafts.size(),
                    drafts.get(0).type(),
                    drafts.get(0).subjectType(),
                    drafts.get(0).subjectId(),
                    e.getMessage());
        } finally {
            recording.unlock();
        }
    }

    @Override
    public Page<Event> events(String subjectId, PageRequest page) {
        return repository.events(subjectId, page);
    }

    @Override
    public List<Event> eventsAfter(long afterId, EventFilter filter, int limit) {
        return repository.eventsAfter(afterId, filter, limit);
    }

    /** Handed over under the recording lock, in id order, to the one thread that posts. */
    private void publish(Event event) {
        if (publisher == null) {
            return;
        }
        org.osgi.service.event.Event posted =
                new org.osgi.service.event.Event(EventTopics.of(event.type()), properties(event));
        // Recorded is what counts: a reader that missed the publication still finds the event by id.
        boolean handedOver = publisher.post(
                posted, e -> LOG.warn("Could not publish event {} ({}): {}", event.id(), event.type(), e.getMessage()));
        if (!handedOver) {
            LOG.debug("Event {} recorded while the event log stops: not published", event.id());
        }
    }

    /** The Event Admin properties of a recorded event (documented in {@link EventTopics}). */
    static Map<String, Object> properties(Event event) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("id", event.id());
        properties.put("time", event.time().toString());
        properties.put(EventConstants.TIMESTAMP, event.time().toEpochMilli());
        properties.put("severity", event.severity().name());
        properties.put("type", event.type());
        putIfPresent(properties, "subjectType", event.subjectType());
        putIfPresent(properties, "subjectId", event.subjectId());
        putIfPresent(properties, "message", event.message());
        return properties;
    }

    private static void putIfPresent(Map<String, Object> properties, String key, String value) {
        if (value != null) {
            properties.put(key, value);
        }
    }
}
