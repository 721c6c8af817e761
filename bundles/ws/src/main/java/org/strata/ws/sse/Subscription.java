package org.strata.ws.sse;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;

/**
 * One reader's queue of live events: bounded, so that a client that reads too slowly costs at most
 * {@code capacity} events of memory. When the queue is full the subscription ends ({@link End#OVERFLOW}) rather
 * than dropping events silently: the client reconnects with the last id it saw and resumes from the repository.
 */
public final class Subscription extends BoundedFeed<Event> {

    private final EventFilter filter;
    private final int capacity;
    private final ArrayDeque<Event> queue;

    Subscription(EventFilter filter, int capacity, Consumer<Object> onEnd) {
        super(capacity, onEnd);
        this.filter = filter;
        this.capacity = capacity;
        this.queue = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** Queues {@code event} if it passes the filter; ends the subscription when the queue is full. */
    void offer(Event event) {
        if (filter.matches(event)) {
            put(event);
        }
    }

    public EventFilter filter() {
        return filter;
    }

    @Override
    protected boolean store(Event event) {
        if (queue.size() >= capacity) {
            return false;
        }
        queue.add(event);
        return true;
    }

    @Override
    protected Event take() {
        return queue.poll();
    }

    @Override
    protected int size() {
        return queue.size();
    }

    @Override
    protected void clear() {
        queue.clear();
    }
}
