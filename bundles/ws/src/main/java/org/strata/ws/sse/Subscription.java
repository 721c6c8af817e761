package org.strata.ws.sse;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;

/**
 * One reader's queue of live events: bounded, so that a client that reads too slowly costs at most
 * {@code capacity} events of memory. When the queue is full the subscription ends ({@link End#OVERFLOW}) rather
 * than dropping events silently: the client reconnects with the last id it saw and resumes from the repository.
 */
public final class Subscription implements Feed<Event> {

    private final EventFilter filter;
    private final int capacity;
    private final Consumer<Subscription> onEnd;
    private final ArrayDeque<Event> queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private End end;

    Subscription(EventFilter filter, int capacity, Consumer<Subscription> onEnd) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.filter = filter;
        this.capacity = capacity;
        this.onEnd = onEnd;
        this.queue = new ArrayDeque<>(Math.min(capacity, 64));
    }

    /** Queues {@code event} if it passes the filter; ends the subscription when the queue is full. */
    void offer(Event event) {
        if (!filter.matches(event)) {
            return;
        }
        boolean overflowed = false;
        lock.lock();
        try {
            if (end != null) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.clear();
                end = End.OVERFLOW;
                overflowed = true;
            } else {
                queue.add(event);
            }
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        if (overflowed) {
            onEnd.accept(this);
        }
    }

    @Override
    public Event poll(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (queue.isEmpty() && end == null && left > 0) {
                left = ready.awaitNanos(left);
            }
            return queue.poll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public End end() {
        lock.lock();
        try {
            return end;
        } finally {
            lock.unlock();
        }
    }

    public EventFilter filter() {
        return filter;
    }

    @Override
    public void close(End why) {
        lock.lock();
        try {
            if (end == null) {
                end = why;
            }
            // On overflow the queue was cleared already; on a shutdown what is queued is still delivered.
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        onEnd.accept(this);
    }
}
