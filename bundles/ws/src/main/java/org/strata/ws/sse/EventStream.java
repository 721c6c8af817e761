package org.strata.ws.sse;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
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
public final class EventStream {

    /** Where the stream writes: one SSE client. Any IOException means the client is gone. */
    public interface Sink {
        void event(Event event) throws IOException;

        void comment(String text) throws IOException;

        void flush() throws IOException;
    }

    private static final int REPLAY_BATCH = 500;

    private final EventService events;
    private final Subscription live;
    private final Long resumeAfter;
    private final long keepAliveMillis;
    private long lastSent;

    /**
     * @param live        taken before this stream starts
     * @param resumeAfter the last id the client saw (Last-Event-ID or since), or null for live events only
     */
    public EventStream(EventService events, Subscription live, Long resumeAfter, long keepAliveMillis) {
        this.events = events;
        this.live = live;
        this.resumeAfter = resumeAfter;
        this.keepAliveMillis = keepAliveMillis;
        this.lastSent = resumeAfter == null ? -1 : resumeAfter;
    }

    /** Writes until the subscription ends or the client goes; returns why it ended. */
    public Subscription.End run(Sink sink) throws IOException, InterruptedException {
        sink.comment("connected");
        sink.flush();
        if (resumeAfter != null) {
            replay(sink, live.filter());
        }
        while (true) {
            Event next = live.poll(keepAliveMillis, TimeUnit.MILLISECONDS);
            if (next == null) {
                Subscription.End end = live.end();
                if (end != null) {
                    sink.comment(farewell(end));
                    sink.flush();
                    return end;
                }
                sink.comment("keep-alive");
                sink.flush();
                continue;
            }
            send(sink, next);
            // Write what is queued, then flush once: a burst costs one flush, not one per event.
            Event more;
            while ((more = live.poll(0, TimeUnit.MILLISECONDS)) != null) {
                send(sink, more);
            }
            sink.flush();
        }
    }

    public long lastSent() {
        return lastSent;
    }

    private void replay(Sink sink, EventFilter filter) throws IOException {
        List<Event> batch;
        do {
            batch = events.eventsAfter(lastSent, filter, REPLAY_BATCH);
            for (Event event : batch) {
                send(sink, event);
            }
            sink.flush();
        } while (batch.size() == REPLAY_BATCH && live.end() == null);
    }

    private void send(Sink sink, Event event) throws IOException {
        if (event.id() <= lastSent) {
            return;
        }
        sink.event(event);
        lastSent = event.id();
    }

    static String farewell(Subscription.End end) {
        return switch (end) {
            case OVERFLOW -> "closing: this client read too slowly and its queue filled; reconnect with Last-Event-ID";
            case SHUTDOWN -> "closing: the server is stopping; reconnect with Last-Event-ID";
            case CLOSED -> "closing";
        };
    }
}
