package org.strata.ws.sse;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A {@link Feed} whose items wait in a bounded store (a queue, a map) under one lock: a hub thread puts, the
 * client's writer thread polls. When the store refuses an item (its bound is reached) the feed ends
 * ({@link End#OVERFLOW}) and what waited is dropped, rather than silently thinning the feed.
 */
abstract class BoundedFeed<T> implements Feed<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Consumer<Object> onEnd;
    private End end;

    /** @param onEnd told once the feed ends, with the feed (the hub forgets it) */
    BoundedFeed(int capacity, Consumer<Object> onEnd) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.onEnd = onEnd;
    }

    /** Stores {@code item} (under the lock, while the feed is live); false when the bound is reached. */
    protected abstract boolean store(T item);

    /** The next item to send, removed from the store (under the lock); null when none waits. */
    protected abstract T take();

    /** How many items wait (under the lock). */
    protected abstract int size();

    /** Drops what waits (under the lock). */
    protected abstract void clear();

    /** Stores {@code item} unless the feed ended; ends it when the store is full. */
    final void put(T item) {
        boolean overflowed = false;
        lock.lock();
        try {
            if (end != null) {
                return;
            }
            if (!store(item)) {
                clear();
                end = End.OVERFLOW;
                overflowed = true;
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
    public final T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (size() == 0 && end == null && left > 0) {
                left = ready.awaitNanos(left);
            }
            return take();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final End end() {
        lock.lock();
        try {
            return end;
        } finally {
            lock.unlock();
        }
    }

    /** How many items wait to be sent; for tests. */
    final int waiting() {
        lock.lock();
        try {
            return size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void close(End why) {
        lock.lock();
        try {
            if (end == null) {
                end = why;
            }
            // On overflow the store was cleared already; on a shutdown what waits is still delivered.
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        onEnd.accept(this);
    }
}
