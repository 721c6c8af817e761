package org.strata.ws.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
import org.strata.security.login.Authenticator;
import org.strata.security.login.BasicCredentials;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.LoginThrottledException;
import org.strata.ws.rest.JsonMapper;
import org.strata.ws.rest.Problem;
import org.strata.ws.security.AuthenticatedUser;
import org.strata.ws.security.LogSafe;

/**
 * A stream of Server-Sent Events ({@code text/event-stream}) at its {@link StreamEndpoint}'s path: the event log's
 * ({@link EventsEndpoint}) or the tasks' ({@link TasksEndpoint}). The endpoint says what is streamed; this servlet
 * does what every stream needs, the same way for each.
 *
 * <p>A plain asynchronous servlet (registered by {@link EventStreamRegistrar}), not CXF's SSE support: {@code cxf-rt-rs-sse} is not among
 * the artifacts the distribution is built from, and the servlet gives this endpoint what it needs with no new
 * dependency: a thread of its own per stream, so that a client that does not read blocks only itself (Jetty's
 * request threads are released at once), and a bounded queue per client that it controls. It checks credentials
 * and roles with the same authenticator as the REST filter, and answers errors as the same problem+json.
 *
 * <p>Limits: at most {@code maxStreams} streams at once at this path (then 503 with Retry-After); each client's
 * queue and keep-alive are the endpoint's.
 */
public final class EventStreamServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamServlet.class);

    public static final String MEDIA_TYPE = "text/event-stream";

    private static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final int RETRY_AFTER_SECONDS = 5;

    private final transient StreamEndpoint endpoint;
    private final transient Authenticator authenticator;
    private final transient ObjectMapper json = JsonMapper.create();
    private final transient Semaphore streams;
    private final int maxStreams;
    private final transient Set<LiveStream<?>> open = ConcurrentHashMap.newKeySet();
    private transient volatile ExecutorService writers;

    public EventStreamServlet(StreamEndpoint endpoint, Authenticator authenticator, int maxStreams) {
        this.endpoint = endpoint;
        this.authenticator = authenticator;
        this.maxStreams = maxStreams;
        this.streams = new Semaphore(maxStreams);
    }

    /** Where this servlet is registered: its endpoint's path. */
    public String path() {
        return endpoint.path();
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
        for (LiveStream<?> stream : open) {
            stream.close(Feed.End.SHUTDOWN);
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
        Supplier<LiveStream<?>> opener;
        try {
            opener = endpoint.check(request);
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
        LiveStream<?> stream;
        try {
            stream = opener.get();
        } catch (RuntimeException e) {
            streams.release();
            throw e;
        }
        open.add(stream);
        AsyncContext async;
        try {
            async = request.startAsync();
            async.setTimeout(0);
            async.addListener(new Ender(stream));
            startStream(response);
        } catch (IOException | RuntimeException e) {
            release(stream);
            throw e;
        }
        ServletOutputStream out = response.getOutputStream();
        try {
            writers.execute(() -> write(stream, async, out));
        } catch (RejectedExecutionException e) {
            // Stopping (destroy ran): end at once, with the reason.
            stream.close(Feed.End.SHUTDOWN);
            write(stream, async, out);
        }
    }

    private void write(LiveStream<?> stream, AsyncContext async, ServletOutputStream out) {
        try {
            stream.run(new OutputSink(out, json));
        } catch (IOException e) {
            LOG.debug("{} client gone: {}", path(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("{} failed ({}): {}", path(), stream, e.getMessage(), e);
        } finally {
            release(stream);
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed (the client went away and the container ended the request)
            }
        }
    }

    private void release(LiveStream<?> stream) {
        if (open.remove(stream)) {
            stream.close(Feed.End.CLOSED);
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

    private void problem(HttpServletResponse response, Problem problem) throws IOException {
        byte[] body = json.writeValueAsBytes(problem);
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The container ended the request (client gone, error): the writer stops at its next wake-up. */
    private final class Ender implements AsyncListener {
        private final LiveStream<?> stream;

        Ender(LiveStream<?> stream) {
            this.stream = stream;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release(stream);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            stream.close(Feed.End.CLOSED);
        }

        @Override
        public void onError(AsyncEvent event) {
            stream.close(Feed.End.CLOSED);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }

    /** SSE framing on the response's output stream (blocking writes on the stream's own thread). */
    static final class OutputSink implements LiveStream.Sink {
        private final ServletOutputStream out;
        private final ObjectMapper json;

        OutputSink(ServletOutputStream out, ObjectMapper json) {
            this.out = out;
            this.json = json;
        }

        @Override
        public void message(String id, String event, Object data) throws IOException {
            out.write(frame(id, event, json.writeValueAsString(data)));
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
    static byte[] frame(String id, String event, String data) {
        return ((id == null ? "" : "id: " + oneLine(id) + "\n") + "event: " + oneLine(event) + "\ndata: " + data
                        + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
    }
}
