package org.strata.ws.sse;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.strata.api.task.Task;

/**
 * Hands every task change the core posts on Event Admin (topic {@value #TOPIC}, property {@value #TASK_PROPERTY}:
 * the task itself) to the task streams' feeds. The core posts one task's changes in the order it made them, from
 * one thread, and Event Admin delivers one thread's posts in order: each feed sees a task's states in order.
 */
public final class TaskHub implements EventHandler, AutoCloseable {

    /** The topic the core's task manager posts on (TaskManager.CHANGED_TOPIC; ws does not depend on core). */
    public static final String TOPIC = "org/strata/tasks/CHANGED";

    public static final String TASK_PROPERTY = "task";

    private final Set<TaskFeed> feeds = new CopyOnWriteArraySet<>();
    private volatile boolean closed;

    /** A feed of the changes from now on of {@code targetId}'s tasks (all tasks when null), coalesced per task. */
    public TaskFeed subscribe(String targetId, int capacity) {
        TaskFeed feed = new TaskFeed(targetId, capacity, feeds::remove);
        feeds.add(feed);
        // Checked after adding: a close() running meanwhile either saw the feed or is seen here.
        if (closed) {
            feed.close(Feed.End.SHUTDOWN);
        }
        return feed;
    }

    public int subscribers() {
        return feeds.size();
    }

    @Override
    public void handleEvent(Event event) {
        if (event.getProperty(TASK_PROPERTY) instanceof Task task) {
            for (TaskFeed feed : feeds) {
                feed.offer(task);
            }
        }
    }

    /** Ends every feed (the streams then tell their clients to reconnect). */
    @Override
    public void close() {
        closed = true;
        for (TaskFeed feed : feeds) {
            feed.close(Feed.End.SHUTDOWN);
        }
    }
}
