package org.strata.core.events;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Posts Event Admin events from one thread, in the order they were handed over. Event Admin keeps the order of one
 * posting thread only; whoever hands events over from several threads (under a lock that orders them) gets them
 * delivered in that order, and never waits for a handler. The thread ends when idle and comes back with the next event.
 */
public final class OrderedPoster {

    private final Supplier<EventAdmin> eventAdmin;
    private final ThreadPoolExecutor thread;

    /**
     * @param eventAdmin the Event Admin to post to, read when each event is posted; null: the event is dropped
     */
    public OrderedPoster(String threadName, Supplier<EventAdmin> eventAdmin) {
        this.eventAdmin = eventAdmin;
        this.thread = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        this.thread.allowCoreThreadTimeOut(true);
    }

    /**
     * Hands an event over; {@code failed} hears of a post Event Admin refused (it is stopping).
     *
     * @return false when this poster is shut down: the event is not posted
     */
    public boolean post(Event event, Consumer<RuntimeException> failed) {
        try {
            thread.execute(() -> {
                EventAdmin admin = eventAdmin.get();
                if (admin == null) {
                    return;
                }
                try {
                    admin.postEvent(event);
                } catch (RuntimeException e) {
                    failed.accept(e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** Takes no more events; those handed over are still posted. */
    public void shutdown() {
        thread.shutdown();
    }

    /**
     * Shuts down and waits for what was handed over to be posted.
     *
     * @return false when that took longer than {@code wait}: the rest is dropped
     */
    public boolean drain(Duration wait) {
        thread.shutdown();
        try {
            if (thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
        return false;
    }
}
