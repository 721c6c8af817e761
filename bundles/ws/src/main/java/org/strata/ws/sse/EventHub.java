package org.strata.ws.sse;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.PageRequest;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;

/**
 * Feeds the live event streams of this bundle, in id order, from one reader of the repository.
 *
 * <p>Event Admin (topic {@code org/strata/event/*}) only wakes the pump: the pump then reads "the events after the
 * last one it delivered" from the repository and hands each to every subscription. The repository is the one
 * source of truth, so a subscriber never sees an event out of order, twice, or not at all, whatever Event Admin's
 * delivery threads do; a publication that is lost (Event Admin restarting) is caught up by the next wake-up or,
 * at the latest, by the poll every {@code pollEvery}. One query per wake-up serves every connected client.
 */
public final class EventHub implements EventHandler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final int BATCH = 500;

    private final EventService events;
    private final Duration pollEvery;
    private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private boolean signalled;
    private boolean closed;
    private volatile long lastId = -1;
    private Thread pump;

    public EventHub(EventService events, long pollEveryMillis) {
        this.events = events;
        this.pollEvery = Duration.ofMillis(pollEveryMillis);
    }

    /**
     * Starts the pump at the newest recorded event (read now, so that a stream opened after this call misses nothing
     * recorded after it); what was recorded before is read by resuming streams.
     */
    public void start() {
        lock.lock();
        try {
            if (pump != null || closed) {
                return;
            }
            try {
                lastId = newestId();
            } catch (RuntimeException e) {
                LOG.warn("Could not read the newest event id yet ({}); the event pump will retry", e.getMessage());
            }
            pump = new Thread(this::run, "strata-event-pump");
            pump.setDaemon(true);
            pump.start();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A subscription to events recorded from now on that pass {@code filter}, queued up to {@code capacity}.
     * Every event committed after this call, and possibly a few committed just before, reaches it, in id order.
     */
    public Subscription subscribe(EventFilter filter, int capacity) {
        Subscription subscription = new Subscription(filter, capacity, subscriptions::remove);
        lock.lock();
        try {
            if (closed) {
                subscription.close(Feed.End.SHUTDOWN);
                return subscription;
            }
            subscriptions.add(subscription);
        } finally {
            lock.unlock();
        }
        return subscription;
    }

    public int subscribers() {
        return subscriptions.size();
    }

    /** Event Admin: an event was committed. Only a wake-up; the event itself is read back from the repository. */
    @Override
    public void handleEvent(org.osgi.service.event.Event published) {
        Object id = published.getProperty("id");
        if (id instanceof Long value && value <= lastId) {
            return;
        }
        signal();
    }

    void signal() {
        lock.lock();
        try {
            signalled = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the pump and ends every subscription (the streams then tell their clients to reconnect). */
    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            closed = true;
            wake.signalAll();
            running = pump;
        } finally {
            lock.unlock();
        }
        for (Subscription subscription : subscriptions) {
            subscription.close(Feed.End.SHUTDOWN);
        }
        subscriptions.clear();
        if (running != null) {
            running.interrupt();
            try {
                running.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private long newestId() {
        List<Event> newest = events.events(null, new PageRequest(0, 1)).items();
        return newest.isEmpty() ? 0 : newest.get(0).id();
    }

    private void run() {
        while (awaitWork()) {
            try {
                if (lastId < 0) {
                    lastId = newestId();
                }
                List<Event> batch;
                do {
                    batch = events.eventsAfter(lastId, EventFilter.ALL, BATCH);
                    for (Event event : batch) {
                        for (Subscription subscription : subscriptions) {
                            subscription.offer(event);
                        }
                        lastId = event.id();
                    }
                } while (batch.size() == BATCH && !isClosed());
            } catch (RuntimeException e) {
                // The repository is away (restarting, disk full): the next poll tries again from the same id.
                LOG.warn("Could not read new events after id {}: {}", lastId, e.getMessage());
            }
        }
    }

    /** Waits for a signal or the poll interval; false once closed. */
    private boolean awaitWork() {
        lock.lock();
        try {
            long left = pollEvery.toNanos();
            while (!signalled && !closed && left > 0) {
                left = wake.awaitNanos(left);
            }
            signalled = false;
            return !closed;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }
}
