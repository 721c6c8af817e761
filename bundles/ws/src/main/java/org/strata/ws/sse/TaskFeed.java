package org.strata.ws.sse;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
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
public final class TaskFeed extends BoundedFeed<Task> {

    private final String targetId;
    private final int capacity;
    private final Map<String, Task> pending = new LinkedHashMap<>();

    /** @param targetId only this target's tasks; null for all */
    TaskFeed(String targetId, int capacity, Consumer<Object> onEnd) {
        super(capacity, onEnd);
        this.targetId = targetId;
        this.capacity = capacity;
    }

    /** Whether this feed takes {@code task} (its target is the one asked for, or none was). */
    public boolean wants(Task task) {
        return targetId == null || targetId.equals(task.targetId());
    }

    /** Takes the newest state of a task of its target; ends the feed when too many different tasks wait. */
    void offer(Task task) {
        if (wants(task)) {
            put(task);
        }
    }

    @Override
    protected boolean store(Task task) {
        Task waiting = pending.get(task.id());
        if (waiting != null) {
            // Replaced in place: the task keeps its turn.
            if (!waiting.done()) {
                pending.put(task.id(), task);
            }
            return true;
        }
        if (pending.size() >= capacity) {
            return false;
        }
        pending.put(task.id(), task);
        return true;
    }

    @Override
    protected Task take() {
        Iterator<Task> first = pending.values().iterator();
        if (!first.hasNext()) {
            return null;
        }
        Task next = first.next();
        first.remove();
        return next;
    }

    @Override
    protected int size() {
        return pending.size();
    }

    @Override
    protected void clear() {
        pending.clear();
    }
}
