package org.strata.ws.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;
import javax.servlet.ServletOutputStream;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.event.EventFilter;
import org.strata.api.event.EventService;
import org.strata.security.login.Authenticator;
import org.strata.security.login.BasicCredentials;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.LoginThrottledException;
import org.strata.ws.rest.JsonMapper;
import org.strata.ws.rest.Problem;
import org.strata.ws.security.AuthenticatedUser;
import org.strata.ws.security.LogSafe;

/**
 * {@code GET /api/v1/events/stream}: recorded events as Server-Sent Events ({@code id:} the event id,
 * {@code event:} its type, {@code data:} the event as {@code GET /api/v1/events} returns it).
 *
 * <p>A plain asynchronous servlet (registered by {@link EventStreamRegistrar}), not CXF's SSE support: {@code cxf-rt-rs-sse} is not among
 * the artifacts the distribution is built from, and the servlet gives this endpoint what it needs with no new
 * dependency: a thread of its own per stream, so that a client that does not read blocks only itself (Jetty's
 * request threads are released at once), and a bounded queue per client that it controls. It checks credentials
 * and roles with the same authenticator as the REST filter, and answers errors as the same problem+json.
 *
 * <p>Limits: at most {@code maxStreams} streams at once (then 503 with Retry-After); each client's queue holds at
 * most {@code queueCapacity} events (a client that falls further behind is closed with a final comment and resumes
 * with Last-Event-ID); a keep-alive comment every {@code keepAliveMillis} when nothing else was sent.
 */
public final class EventStreamServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamServlet.class);

    public static final String PATH = "/api/v1/events/stream";
    public static final String MEDIA_TYPE = "text/event-stream";
    /** The query parameters the stream takes; any other is a 400. */
    public static final Set<String> PARAMETERS = Set.of("type", "subjectType", "subject", "since");

    private static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final int RETRY_AFTER_SECONDS = 5;

    private final transient EventService events;
    private final transient EventHub hub;
    private final transient Authenticator authenticator;
    private final transient ObjectMapper json = JsonMapper.create();
    private final int queueCapacity;
    private final long keepAliveMillis;
    private final transient Semaphore streams;
    private final int maxStreams;
    private final transient Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private transient volatile ExecutorService writers;

    public EventStreamServlet(
            EventService events,
            EventHub hub,
            Authenticator authenticator,
            int maxStreams,
            int queueCapacity,
            long keepAliveMillis) {
        this.events = events;
        this.hub = hub;
        this.authenticator = authenticator;
        this.maxStreams = maxStreams;
        this.streams = new Semaphore(maxStreams);
        this.queueCapacity = queueCapacity;
        this.keepAliveMillis = keepAliveMillis;
    }

    @Override
    public void init() {
        AtomicInteger n = new AtomicInteger();
        // Unbounded as a pool: the semaphore bounds the streams, and a thread finishing one must not refuse the next.
        writers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
            Thread thread = new Thread(task, "strata-sse-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The web server restarts or the bundle stops: every stream ends with a comment telling its client why. */
    @Override
    public void destroy() {
        ExecutorService running = writers;
        for (Subscription subscription : open) {
            subscription.close(Subscription.End.SHUTDOWN);
        }
        if (running != null) {
            running.shutdown();
            try {
                if (!running.awaitTermination(2, TimeUnit.SECONDS)) {
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                running.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Streams open now. */
    public int openStreams() {
        return open.size();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Cache-Control", "no-store");
        Optional<AuthenticatedUser> user;
        try {
            user = BasicCredentials.parse(request.getHeader("Authorization"))
                    .flatMap(credentials -> authenticator.authenticate(
                            credentials.user(),
                            credentials.password(),
                            new ClientOrigin("rest", request.getRemoteAddr())))
                    .map(AuthenticatedUser::of);
        } catch (LoginThrottledException e) {
            response.setHeader("Retry-After", Long.toString(e.retryAfter().toSeconds()));
            problem(response, Problem.of(ErrorCode.THROTTLED, e.getMessage()));
            return;
        }
        if (user.isEmpty()) {
            response.setHeader("WWW-Authenticate", BasicCredentials.CHALLENGE);
            problem(response, Problem.of(ErrorCode.UNAUTHENTICATED, "valid HTTP Basic credentials are required"));
            return;
        }
        if (!user.get().mayRead()) {
            LOG.info(
                    "user '{}' with roles {} denied the event stream",
                    LogSafe.text(user.get().name()),
                    user.get().roles());
            problem(response, Problem.of(ErrorCode.FORBIDDEN, "this needs the role admin, manager or viewer"));
            return;
        }
        if (org.strata.api.datacenter.TenantScope.isScoped(user.get().roles())) {
            // The stream carries every event of the platform; a user scoped to tenants reads its VMs' events by
            // subject.
            problem(
                    response,
                    Problem.of(ErrorCode.FORBIDDEN, org.strata.api.datacenter.TenantScope.NEEDS_PLATFORM_ROLE));
            return;
        }
        switch (request.getMethod()) {
            case "GET" -> stream(request, response, true);
            case "HEAD" -> stream(request, response, false);
            case "OPTIONS" -> {
                response.setHeader("Allow", ALLOW);
                response.setStatus(HttpServletResponse.SC_OK);
            }
            default -> {
                response.setHeader("Allow", ALLOW);
                problem(
                        response,
                        Problem.of(
                                405,
                                ErrorCode.INVALID_INPUT.name(),
                                "this method is not allowed here; " + "this resource allows " + ALLOW));
            }
        }
    }

    private void stream(HttpServletRequest request, HttpServletResponse response, boolean body) throws IOException {
        StreamRequest asked;
        try {
            asked = StreamRequest.parse(
                    request.getParameterMap().keySet(),
                    values(request, "type"),
                    request.getParameter("subjectType"),
                    request.getParameter("subject"),
                    request.getParameter("since"),
                    request.getHeader("Last-Event-ID"));
        } catch (StrataException e) {
            problem(response, Problem.of(e.code(), e.getMessage()));
            return;
        }
        if (!acceptsEventStream(request.getHeader("Accept"))) {
            problem(
                    response,
                    Problem.of(
                            406,
                            ErrorCode.INVALID_INPUT.name(),
                            "cannot produce the accepted media types; accept " + MEDIA_TYPE));
            return;
        }
        if (!body) {
            startStream(response);
            return;
        }
        if (!streams.tryAcquire()) {
            response.setHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            problem(
                    response,
                    Problem.of(
                            ErrorCode.UNAVAILABLE,
                            "too many event streams are open (at most " + maxStreams + "); try again later"));
            return;
        }
        Subscription live = hub.subscribe(asked.filter(), queueCapacity);
        open.add(live);
        AsyncContext async;
        try {
            async = request.startAsync();
            async.setTimeout(0);
            async.addListener(new Ender(live));
            startStream(response);
        } catch (IOException | RuntimeException e) {
            release(live);
            throw e;
        }
        EventStream stream = new EventStream(events, live, asked.resumeAfter(), keepAliveMillis);
        ServletOutputStream out = response.getOutputStream();
        try {
            writers.execute(() -> write(stream, live, async, out));
        } catch (RejectedExecutionException e) {
            // Stopping (destroy ran): end at once, with the reason.
            live.close(Subscription.End.SHUTDOWN);
            write(stream, live, async, out);
        }
    }

    private void write(EventStream stream, Subscription live, AsyncContext async, ServletOutputStream out) {
        try {
            stream.run(new OutputSink(out, json));
        } catch (IOException e) {
            LOG.debug("event stream client gone: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("event stream failed after id {}: {}", stream.lastSent(), e.getMessage(), e);
        } finally {
            release(live);
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed (the client went away and the container ended the request)
            }
        }
    }

    private void release(Subscription live) {
        if (open.remove(live)) {
            live.close();
            streams.release();
        }
    }

    private static void startStream(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MEDIA_TYPE + ";charset=UTF-8");
        // Proxies such as nginx buffer responses unless told otherwise.
        response.setHeader("X-Accel-Buffering", "no");
        response.flushBuffer();
    }

    /** No Accept header, or one that names text/event-stream, text/* or any type (quality 0 refuses it). */
    static boolean acceptsEventStream(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
            boolean refused = false;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim().replace(" ", "");
                refused |= param.equals("q=0") || param.matches("q=0\\.0*");
            }
            if (!refused && (type.equals(MEDIA_TYPE) || type.equals("text/*") || type.equals("*/*"))) {
                return true;
            }
        }
        return false;
    }

    private static List<String> values(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        return values == null ? List.of() : Arrays.asList(values);
    }

    private void problem(HttpServletResponse response, Problem problem) throws IOException {
        byte[] body = json.writeValueAsBytes(problem);
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
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
            Set<String> unknown = new TreeSet<>(names);
            unknown.removeAll(PARAMETERS);
            unknown.remove("");
            if (!unknown.isEmpty()) {
                String shown = unknown.stream()
                        .limit(5)
                        .map(n -> "'" + (n.length() > 40 ? n.substring(0, 40) + "..." : n) + "'")
                        .reduce((a, b) -> a + ", " + b)
                        .orElse("");
                throw StrataException.invalid(
                        (unknown.size() == 1 ? "unknown query parameter " : "unknown query parameters ") + shown
                                + "; this operation takes "
                                + String.join(", ", new TreeSet<>(PARAMETERS)));
            }
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

    /** The container ended the request (client gone, error): the writer stops at its next wake-up. */
    private final class Ender implements AsyncListener {
        private final Subscription live;

        Ender(Subscription live) {
            this.live = live;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release(live);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            live.close();
        }

        @Override
        public void onError(AsyncEvent event) {
            live.close();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }

    /** SSE framing on the response's output stream (blocking writes on the stream's own thread). */
    static final class OutputSink implements EventStream.Sink {
        private final ServletOutputStream out;
        private final ObjectMapper json;

        OutputSink(ServletOutputStream out, ObjectMapper json) {
            this.out = out;
            this.json = json;
        }

        @Override
        public void event(Event event) throws IOException {
            out.write(frame(event, json.writeValueAsString(event)));
        }

        @Override
        public void comment(String text) throws IOException {
            out.write((": " + oneLine(text) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }
    }

    /** One SSE message; the JSON is on one line (Jackson escapes line breaks inside strings). */
    static byte[] frame(Event event, String data) {
        return ("id: " + event.id() + "\nevent: " + oneLine(event.type()) + "\ndata: " + data + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
    }
}
