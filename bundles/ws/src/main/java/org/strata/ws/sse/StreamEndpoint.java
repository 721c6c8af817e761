package org.strata.ws.sse;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import org.strata.api.StrataException;

/**
 * What one {@link EventStreamServlet} streams (the event log, the tasks): its path, its query, and how a client's
 * stream is opened. Everything else (credentials and roles, the Accept check, the stream limit, the writer
 * threads, the end) is the servlet's, the same for every endpoint.
 */
public interface StreamEndpoint {

    /** Where the servlet is registered, e.g. {@code /api/v1/events/stream}. */
    String path();

    /**
     * Checks the request's query and headers before anything streams (a {@link StrataException} is answered as
     * its problem, a 400 for a bad parameter); returns what opens the client's stream once the client is admitted
     * (called at most once, on the request's thread).
     */
    Supplier<LiveStream<?>> check(HttpServletRequest request);

    /**
     * Refuses query parameters other than {@code known}, naming at most five of them (each cut to 40 characters),
     * as the REST API does.
     */
    static void refuseUnknown(Set<String> names, Set<String> known) {
        Set<String> unknown = new TreeSet<>(names);
        unknown.removeAll(known);
        unknown.remove("");
        if (unknown.isEmpty()) {
            return;
        }
        String shown = unknown.stream()
                .limit(5)
                .map(n -> "'" + (n.length() > 40 ? n.substring(0, 40) + "..." : n) + "'")
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
        throw StrataException.invalid((unknown.size() == 1 ? "unknown query parameter " : "unknown query parameters ")
                + shown
                + "; this operation takes "
                + String.join(", ", new TreeSet<>(known)));
    }
}
