package org.strata.ws.sse;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import javax.servlet.http.HttpServletRequest;
import org.strata.api.StrataException;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;

/**
 * {@code GET /api/v1/events/stream}: recorded events ({@code id:} the event id, {@code event:} its type,
 * {@code data:} the event as {@code GET /api/v1/events} returns it), live from the {@link EventHub}, after a replay
 * from the repository when the client resumes (Last-Event-ID or {@code since}).
 *
 * <p>Each client's queue holds at most {@code queueCapacity} events (a client that falls further behind is closed
 * with a final comment and resumes with Last-Event-ID); a keep-alive comment every {@code keepAliveMillis} when
 * nothing else was sent.
 */
public final class EventsEndpoint implements StreamEndpoint {

    public static final String PATH = "/api/v1/events/stream";
    /** The query parameters the stream takes; any other is a 400. */
    public static final Set<String> PARAMETERS = Set.of("type", "subjectType", "subject", "since");

    private final EventService events;
    private final EventHub hub;
    private final int queueCapacity;
    private final long keepAliveMillis;

    public EventsEndpoint(EventService events, EventHub hub, int queueCapacity, long keepAliveMillis) {
        this.events = events;
        this.hub = hub;
        this.queueCapacity = queueCapacity;
        this.keepAliveMillis = keepAliveMillis;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Supplier<LiveStream<?>> check(HttpServletRequest request) {
        String[] types = request.getParameterValues("type");
        StreamRequest asked = StreamRequest.parse(
                request.getParameterMap().keySet(),
                types == null ? List.of() : Arrays.asList(types),
                request.getParameter("subjectType"),
                request.getParameter("subject"),
                request.getParameter("since"),
                request.getHeader("Last-Event-ID"));
        return () -> new EventStream(
                events, hub.subscribe(asked.filter(), queueCapacity), asked.resumeAfter(), keepAliveMillis);
    }

    /** The stream's parameters, checked: what is wrong is a 400 before anything streams. */
    public record StreamRequest(EventFilter filter, Long resumeAfter) {

        public static StreamRequest parse(
                Set<String> names,
                List<String> types,
                String subjectType,
                String subject,
                String since,
                String lastEventId) {
            StreamEndpoint.refuseUnknown(names, PARAMETERS);
            EventFilter filter = EventFilter.of(types, subjectType, subject);
            Long resume = id("Last-Event-ID", lastEventId);
            return new StreamRequest(filter, resume != null ? resume : id("since", since));
        }

        private static Long id(String what, String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                long id = Long.parseLong(value.trim());
                if (id < 0) {
                    throw new NumberFormatException();
                }
                return id;
            } catch (NumberFormatException e) {
                throw StrataException.invalid(what + " must be an event id (a whole number, 0 or more)");
            }
        }
    }
}
