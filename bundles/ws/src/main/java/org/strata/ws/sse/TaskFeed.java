package org.strata.ws.sse;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.strata.api.task.Task;

/**
 * One reader's task changes, coalesced: at most one entry per task, its newest state, so that a client that reads
 * slowly gets each task's latest progress rather than every step, and costs at most {@code capacity} tasks of
 * memory. A task keeps its place in line while it changes (no task starves behind a busy one). A finished task's
 * entry is never replaced: it is the task's last word. When more than {@code capacity} different tasks wait, the
 * feed ends ({@link End#OVERFLOW}) rather than dropping one: the client reconnects and gets the unfinished tasks
 * again.
 */
public final class TaskFeed implements Feed<Task> {

    private final String targetId;
    private final int capacity;
    private final Consumer<TaskFeed> onEnd;
    private final Map<String, Task> pending = new LinkedHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private End end;

    /** @param targetId only this target's tasks; null for all */
    TaskFeed(String targetId, int capacity, Consumer<TaskFeed> onEnd) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.targetId = targetId;
        this.capacity = capacity;
        this.onEnd = onEnd;
    }

    /** Whether this feed takes {@code task} (its target is the one asked for, or none was). */
    public boolean wants(Task task) {
        return targetId == null || targetId.equals(task.targetId());
    }

    /** Takes the newest state of a task; ends the feed when too many different tasks wait. */
    void offer(Task task) {
        if (!wants(task)) {
            return;
        }
        boolean overflowed = false;
        lock.lock();
        try {
            if (end != null) {
                return;
            }
            Task waiting = pending.get(task.id());
            if (waiting != null) {
                if (!waiting.done()) {
                    pending.put(task.id(), task);
                }
            } else if (pending.size() >= capacity) {
                pending.clear();
                end = End.OVERFLOW;
                overflowed = true;
            } else {
                pending.put(task.id(), task);
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
    public Task poll(long timeout, TimeUnit unit) throws InterruptedException {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            while (pending.isEmpty() && end == null && left > 0) {
                left = ready.awaitNanos(left);
            }
            Iterator<Task> first = pending.values().iterator();
            if (!first.hasNext()) {
                return null;
            }
            Task next = first.next();
            first.remove();
            return next;
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

    /** How many tasks wait to be sent; for tests. */
    int waiting() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close(End why) {
        lock.lock();
        try {
            if (end == null) {
                end = why;
            }
            // On overflow the map was cleared already; on a shutdown what waits is still delivered.
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        onEnd.accept(this);
    }
}
