package org.strata.ws.rest;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.strata.api.StrataException;
import org.strata.api.Task;
import org.strata.api.TaskService;

/**
 * The answer of an endpoint that starts a task: 202 with the task and its Location, or, when the client
 * asked with {@code ?wait=SECONDS} and the task finished in that time, 200 with the finished task.
 * Waiting server-side saves simple clients (scripts, vCenter-style integrations) a polling loop.
 */
final class Accepted {
    /** The longest a request may hold its connection waiting; longer work is followed through the task. */
    static final int MAX_WAIT_SECONDS = 60;
    static final String WAIT = "wait";

    private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private Accepted() {
    }

    /** The {@code wait} query parameter, checked before any work starts so that bad input changes nothing. */
    static Integer waitSeconds(String raw) {
        return QueryParams.bounded(WAIT, raw, 0, MAX_WAIT_SECONDS);
    }

    static Response of(Task started, Integer waitSeconds, TaskService tasks, UriInfo uri) {
        Task task = waitSeconds == null ? started : await(tasks, started, waitSeconds);
        Response.ResponseBuilder response = waitSeconds != null && task.done() ? Response.ok(task) : Response.accepted(task);
        return response.location(Requests.base(uri).path(TaskResource.class).path(task.id()).build()).build();
    }

    /** Polls with a growing interval: short tasks answer quickly, long ones do not hammer the task store. */
    private static Task await(TaskService tasks, Task started, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long interval = FIRST_POLL_NANOS;
        Task task = started;
        while (!task.done()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || Thread.currentThread().isInterrupted()) {
                break;
            }
            LockSupport.parkNanos(Math.min(interval, remaining));
            interval = Math.min(interval * 2, MAX_POLL_NANOS);
            try {
                task = tasks.task(task.id());
            } catch (StrataException e) {
                // The work has started; failing to read its progress must not turn the answer into an error.
                break;
            }
        }
        return task;
    }
}
