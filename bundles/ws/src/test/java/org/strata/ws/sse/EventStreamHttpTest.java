package org.strata.ws.sse;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.strata.api.event.Event;
import org.strata.security.login.Authenticator;
import org.strata.security.login.Login;
import org.strata.ws.rest.JsonMapper;

/** The event stream over real HTTP: an in-process Jetty running the servlet as Pax Web does, java.net.http. */
public class EventStreamHttpTest {

    private static final String PASSWORD = "s3cret";
    private static final Authenticator USERS = (user, password, origin) -> {
        Map<String, Set<String>> roles = Map.of(
                "viewer",
                Set.of("viewer"),
                "nobody",
                Set.of("somethingelse"),
                "acme-user",
                Set.of("tenant-user", "tenant:acme"));
        boolean ok = roles.containsKey(user) && PASSWORD.equals(new String(password));
        return ok ? Optional.of(new Login(user, roles.get(user))) : Optional.empty();
    };

    private final InMemoryEventLogForTests log = new InMemoryEventLogForTests();
    private final ObjectMapper json = JsonMapper.create();
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<Stream<String>> opened = new ArrayList<>();
    private EventHub hub;
    private EventStreamServlet servlet;
    private Server jetty;
    private String base;

    @Before
    public void start() throws Exception {
        log.append("driver.started", "driver", "demo");
        hub = new EventHub(log, 60_000);
        hub.start();
        // At most 2 streams, 100 events queued per client, keep-alive after 200 ms.
        servlet = new EventStreamServlet(log, hub, USERS, 2, 100, 200);
        jetty = new Server(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, EventStreamServlet.PATH);
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    @After
    public void stop() throws Exception {
        opened.forEach(Stream::close);
        jetty.stop();
        hub.close();
    }

    @Test
    public void strangersBadFiltersAndOtherMethodsGetProblems() throws Exception {
        HttpResponse<String> none = send("GET", "", null, null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertProblem(none, "UNAUTHENTICATED");
        assertProblem(send("GET", "", "nobody", null), "FORBIDDEN");
        // The stream is the platform's: a user scoped to its tenants reads its VMs' events by subject instead.
        assertProblem(send("GET", "", "acme-user", null), "FORBIDDEN");
        HttpResponse<String> badType = send("GET", "?type=vm%20started", "viewer", null);
        assertEquals(400, badType.statusCode());
        assertProblem(badType, "INVALID_INPUT");
        assertProblem(send("GET", "?types=vm.started", "viewer", null), "INVALID_INPUT");
        assertProblem(send("GET", "", "viewer", "abc"), "INVALID_INPUT");
        HttpResponse<String> post = send("POST", "", "viewer", null);
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD, OPTIONS", post.headers().firstValue("Allow").orElse(""));
        assertProblem(post, "INVALID_INPUT");
        HttpResponse<String> json = client.send(
                HttpRequest.newBuilder(URI.create(base + EventStreamServlet.PATH))
                        .header("Authorization", basic("viewer"))
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(406, json.statusCode());
        assertProblem(json, "INVALID_INPUT");
        assertEquals(0, servlet.openStreams());
    }

    @Test
    public void liveEventsArriveAndAReconnectWithLastEventIdGetsExactlyTheOnesAfter() throws Exception {
        Iterator<String> first = open("", null);
        Event created = log.append("datacenter.created", "datacenter", "dc-1");
        hub.signal();
        Message message = next(first);
        assertEquals(String.valueOf(created.id()), message.id);
        assertEquals("datacenter.created", message.event);
        JsonNode data = json.readTree(message.data);
        assertEquals(json.readTree(json.writeValueAsString(created)), data);
        assertEquals(created.id(), data.get("id").asLong());
        closeAll();

        Event second = log.append("host.added", "host", "h-1");
        Event third = log.append("host.unreachable", "host", "h-1");
        Iterator<String> resumed = open("", String.valueOf(created.id()));
        Event fourth = log.append("host.reachable", "host", "h-1");
        hub.signal();
        assertEquals(
                List.of(second.id(), third.id(), fourth.id()),
                List.of(
                        next(resumed).idLong(),
                        next(resumed).idLong(),
                        next(resumed).idLong()));
        Event fifth = log.append("host.removed", "host", "h-1");
        hub.signal();
        assertEquals(
                "no duplicate across the switch from the repository to live",
                fifth.id(),
                next(resumed).idLong());
    }

    @Test
    public void filtersAndSinceSelectWhatIsSent() throws Exception {
        Event a = log.append("vm.started", "vm", "a");
        log.append("vm.started", "vm", "b");
        Event c = log.append("vm.stopped", "vm", "a");
        Iterator<String> stream = open("?since=1&type=vm.started,vm.stopped&subject=a&subjectType=vm", null);
        assertEquals(a.id(), next(stream).idLong());
        assertEquals(c.id(), next(stream).idLong());
        log.append("vm.started", "vm", "b");
        Event d = log.append("vm.started", "vm", "a");
        hub.signal();
        assertEquals(d.id(), next(stream).idLong());
    }

    @Test
    public void theNumberOfStreamsIsBoundedAndTheServerStoppingEndsThemWithAReason() throws Exception {
        Iterator<String> one = open("", null);
        open("", null);
        HttpResponse<String> third = send("GET", "", "viewer", null);
        assertEquals(503, third.statusCode());
        assertEquals("5", third.headers().firstValue("Retry-After").orElse(""));
        assertProblem(third, "UNAVAILABLE");

        servlet.destroy();
        Message last = next(one);
        assertEquals("closing: the server is stopping; reconnect with Last-Event-ID", last.comment);
        assertFalse("the stream ends", one.hasNext());
    }

    private Iterator<String> open(String query, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + EventStreamServlet.PATH + query))
                .header("Authorization", basic("viewer"))
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = client.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals(
                "text/event-stream;charset=UTF-8",
                response.headers().firstValue("Content-Type").orElse(""));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
        opened.add(response.body());
        Iterator<String> lines = response.body().iterator();
        assertEquals(": connected", lines.next());
        assertEquals("", lines.next());
        return lines;
    }

    private void closeAll() {
        opened.forEach(Stream::close);
        opened.clear();
    }

    /** The next event or final comment; keep-alive comments are skipped. */
    private static Message next(Iterator<String> lines) {
        while (true) {
            Message message = new Message();
            while (lines.hasNext()) {
                String line = lines.next();
                if (line.isEmpty()) {
                    break;
                }
                if (line.startsWith(": ")) {
                    message.comment = line.substring(2);
                } else if (line.startsWith("id: ")) {
                    message.id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    message.event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    message.data = line.substring(6);
                }
            }
            if (!"keep-alive".equals(message.comment)) {
                return message;
            }
        }
    }

    private static final class Message {
        String id;
        String event;
        String data;
        String comment;

        long idLong() {
            return Long.parseLong(id);
        }
    }

    private HttpResponse<String> send(String method, String query, String user, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + EventStreamServlet.PATH + query))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertProblem(HttpResponse<String> response, String code) throws Exception {
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = json.readTree(response.body());
        assertEquals(code, problem.get("code").asText());
        assertEquals(response.statusCode(), problem.get("status").asInt());
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
