package org.strata.ws.sse;

import java.io.IOException;
import java.util.List;
import org.strata.api.event.Event;
import org.strata.api.event.EventService;

/**
 * What one client receives: when it resumes, the events after its last id read from the repository, then the live
 * ones from its {@link Subscription}, each exactly once and in id order; a keep-alive comment when nothing happened
 * for a while; a final comment that says why the stream ends.
 *
 * <p>No gap: the subscription is taken before the repository is read, so an event committed during the replay is
 * in the queue if the replay missed it. No duplicate: an event from the queue at or below the last id sent is
 * skipped (both sources are in id order, because the event log commits one event transaction at a time).
 */
public final class EventStream extends LiveStream<Event> {

    private static final int REPLAY_BATCH = 500;

    private final EventService events;
    private final Subscription live;
    private final Long resumeAfter;
    private long lastSent;

    /**
     * @param live        taken before this stream starts
     * @param resumeAfter the last id the client saw (Last-Event-ID or since), or null for live events only
     */
    public EventStream(EventService events, Subscription live, Long resumeAfter, long keepAliveMillis) {
        super(live, keepAliveMillis);
        this.events = events;
        this.live = live;
        this.resumeAfter = resumeAfter;
        this.lastSent = resumeAfter == null ? -1 : resumeAfter;
    }

    public long lastSent() {
        return lastSent;
    }

    @Override
    protected void first(Sink sink) throws IOException {
        if (resumeAfter == null) {
            return;
        }
        List<Event> batch;
        do {
            batch = events.eventsAfter(lastSent, live.filter(), REPLAY_BATCH);
            for (Event event : batch) {
                send(sink, event);
            }
            sink.flush();
        } while (batch.size() == REPLAY_BATCH && live.end() == null);
    }

    @Override
    protected void send(Sink sink, Event event) throws IOException {
        if (event.id() <= lastSent) {
            return;
        }
        sink.message(String.valueOf(event.id()), event.type(), event);
        lastSent = event.id();
    }

    @Override
    protected String farewell(Feed.End end) {
        return switch (end) {
            case OVERFLOW -> "closing: this client read too slowly and its queue filled; reconnect with Last-Event-ID";
            case SHUTDOWN -> "closing: the server is stopping; reconnect with Last-Event-ID";
            case CLOSED -> "closing";
        };
    }

    @Override
    public String toString() {
        return "event stream after id " + lastSent;
    }
}
