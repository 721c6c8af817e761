package org.strata.ws.sse;

import java.io.IOException;
import java.util.List;
import org.strata.api.PageRequest;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;

/**
 * What one client of the task stream receives: every unfinished task (running ones first, then queued ones; each
 * newest first), then every change of a task as it happens, each as {@code event: task} with the task as
 * {@code GET /api/v1/tasks/{id}} returns it. No ids and no resume: a client that reconnects gets the unfinished
 * tasks again.
 *
 * <p>The feed is taken before the unfinished tasks are read, and they are sent before anything from the feed, so
 * that the last message about a task is always its newest state (a change during the read is in the feed).
 */
public final class TaskStream extends LiveStream<Task> {

    static final String EVENT = "task";

    private final TaskService tasks;
    private final TaskFeed live;

    /** @param live taken before this stream starts */
    public TaskStream(TaskService tasks, TaskFeed live, long keepAliveMillis) {
        super(live, keepAliveMillis);
        this.tasks = tasks;
        this.live = live;
    }

    @Override
    protected void first(Sink sink) throws IOException {
        for (TaskState state : List.of(TaskState.RUNNING, TaskState.QUEUED)) {
            int offset = 0;
            List<Task> page;
            do {
                page = tasks.tasks(state, new PageRequest(offset, PageRequest.MAX_LIMIT))
                        .items();
                for (Task task : page) {
                    if (live.wants(task)) {
                        send(sink, task);
                    }
                }
                offset += page.size();
            } while (page.size() == PageRequest.MAX_LIMIT && live.end() == null);
        }
        sink.flush();
    }

    @Override
    protected void send(Sink sink, Task task) throws IOException {
        sink.message(null, EVENT, task);
    }

    @Override
    protected String farewell(Feed.End end) {
        return switch (end) {
            case OVERFLOW ->
                "closing: this client read too slowly and too many tasks waited for it; reconnect to get"
                        + " the unfinished tasks again";
            case SHUTDOWN -> "closing: the server is stopping; reconnect to get the unfinished tasks again";
            case CLOSED -> "closing";
        };
    }

    @Override
    public String toString() {
        return "task stream";
    }
}
