package org.strata.ws.sse;

import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServletRequest;
import org.strata.api.StrataException;
import org.strata.api.task.TaskService;

/**
 * {@code GET /api/v1/tasks/stream}: the unfinished tasks, then every change of a task as it happens
 * ({@link TaskStream}), optionally only those of one target ({@code ?target=ID}).
 *
 * <p>Each client's feed holds at most {@code capacity} different tasks waiting to be sent, each at its newest state
 * (a client that falls further behind is closed with a final comment and reconnects); a keep-alive comment every
 * {@code keepAliveMillis} when nothing else was sent.
 */
public final class TasksEndpoint implements StreamEndpoint {

    public static final String PATH = "/api/v1/tasks/stream";
    /** The query parameters the stream takes; any other is a 400. */
    public static final Set<String> PARAMETERS = Set.of("target");
    /** Target ids are UUIDs, driver ids or names, as the event stream's subjects. */
    private static final Pattern ID = Pattern.compile("[^\\p{Cntrl}]{1,200}");

    private final TaskService tasks;
    private final TaskHub hub;
    private final int capacity;
    private final long keepAliveMillis;

    public TasksEndpoint(TaskService tasks, TaskHub hub, int capacity, long keepAliveMillis) {
        this.tasks = tasks;
        this.hub = hub;
        this.capacity = capacity;
        this.keepAliveMillis = keepAliveMillis;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Supplier<LiveStream<?>> check(HttpServletRequest request) {
        String target = target(request.getParameterMap().keySet(), request.getParameterValues("target"));
        return () -> new TaskStream(tasks, hub.subscribe(target, capacity), keepAliveMillis);
    }

    /** The target asked for, or null for all; a 400 for an unknown parameter or a bad or repeated target. */
    static String target(Set<String> names, String[] values) {
        StreamEndpoint.refuseUnknown(names, PARAMETERS);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw StrataException.invalid("target is given once: one target id");
        }
        String target = values[0].trim();
        if (target.isEmpty()) {
            return null;
        }
        if (!ID.matcher(target).matches()) {
            throw StrataException.invalid("a target id is 1 to 200 printable characters");
        }
        return target;
    }
}
