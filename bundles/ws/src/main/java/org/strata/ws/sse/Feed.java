package org.strata.ws.sse;

import java.util.concurrent.TimeUnit;

/**
 * One client's queue of live items, filled by a hub and drained by the client's {@link LiveStream}: bounded, and
 * ended (rather than silently thinned) when its bound is reached.
 */
public interface Feed<T> extends AutoCloseable {

    /** Why a feed ended. */
    enum End {
        /** The client read too slowly and its queue reached its bound. */
        OVERFLOW,
        /** The server or the bundle stops. */
        SHUTDOWN,
        /** The client went, or the stream was closed otherwise. */
        CLOSED
    }

    /**
     * The next item, waiting up to {@code timeout}; null when none came in that time or the feed ended (then
     * {@link #end()} says why). Items queued before a shutdown are still handed out first.
     */
    T poll(long timeout, TimeUnit unit) throws InterruptedException;

    /** Null while the feed is live. */
    End end();

    /** Ends the feed (the first reason given stays); a reader waiting in {@link #poll} wakes up. */
    void close(End why);

    @Override
    default void close() {
        close(End.CLOSED);
    }
}
