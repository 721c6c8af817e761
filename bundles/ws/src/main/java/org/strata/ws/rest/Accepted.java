package org.strata.ws.rest;

import java.time.Duration;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.strata.api.StrataException;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;

/**
 * The answer of an endpoint that starts a task: 202 with the task and its Location, or, when the client
 * asked with {@code ?wait=SECONDS} and the task finished in that time, 200 with the finished task.
 * Waiting server-side saves simple clients (scripts, vCenter-style integrations) a polling loop.
 */
final class Accepted {
    /** The longest a request may hold its connection waiting; longer work is followed through the task. */
    static final int MAX_WAIT_SECONDS = 60;

    static final String WAIT = "wait";

    private Accepted() {}

    /** The {@code wait} query parameter, checked before any work starts so that bad input changes nothing. */
    static Integer waitSeconds(String raw) {
        return QueryParams.bounded(WAIT, raw, 0, MAX_WAIT_SECONDS);
    }

    static Response of(Task started, Integer waitSeconds, TaskService tasks, UriInfo uri) {
        Task task = waitSeconds == null ? started : await(tasks, started, waitSeconds);
        Response.ResponseBuilder response =
                waitSeconds != null && task.done() ? Response.ok(task) : Response.accepted(task);
        return response.location(Requests.base(uri)
                        .path(TaskResource.class)
                        .path(task.id())
                        .build())
                .build();
    }

    /** Blocks until the task ends (the answer leaves the moment it does) or the time is up. */
    private static Task await(TaskService tasks, Task started, int seconds) {
        if (started.done() || seconds == 0) {
            return started;
        }
        try {
            return tasks.await(started.id(), Duration.ofSeconds(seconds));
        } catch (StrataException e) {
            // The work has started; failing to read its progress must not turn the answer into an error.
            return started;
        }
    }
}
