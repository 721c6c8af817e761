package org.strata.ws.sse;

import static org.junit.Assert.assertEquals;

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
import org.strata.security.login.Authenticator;
import org.strata.security.login.Login;
import org.strata.ws.rest.JsonMapper;

/**
 * A stream servlet over real HTTP for the stream tests: an in-process Jetty on 127.0.0.1 running it as Pax Web
 * does (asynchronous, at its path), and java.net.http as the client. Closing it closes the streams it opened and
 * stops Jetty.
 */
final class SseHttpForTests implements AutoCloseable {

    static final String PASSWORD = "s3cret";

    /** viewer (may follow), nobody (no role of the API), acme-user (scoped to the tenant acme); password {@link #PASSWORD}. */
    static final Authenticator USERS = (user, password, origin) -> {
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

    final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = JsonMapper.create();
    private final List<Stream<String>> opened = new ArrayList<>();
    private final Server jetty;
    private final String url;

    SseHttpForTests(EventStreamServlet servlet) throws Exception {
        jetty = new Server(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(servlet);
        holder.setAsyncSupported(true);
        context.addServlet(holder, servlet.path());
        jetty.setHandler(context);
        jetty.start();
        url = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + servlet.path();
    }

    /** Opens a stream as {@code viewer}, checks its headers and its first comment; the lines after it. */
    Iterator<String> open(String query, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + query))
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

    /** A request read whole (the problems); {@code user} and {@code lastEventId} may be null. */
    HttpResponse<String> send(String method, String query, String user, String lastEventId) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url + query)).method(method, HttpRequest.BodyPublishers.noBody());
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET as {@code viewer} that accepts only JSON (the stream answers 406). */
    HttpResponse<String> sendAcceptingJson() throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", basic("viewer"))
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void assertProblem(HttpResponse<String> response, String code) throws Exception {
        assertEquals(
                "application/problem+json",
                response.headers().firstValue("Content-Type").orElse(""));
        JsonNode problem = json.readTree(response.body());
        assertEquals(code, problem.get("code").asText());
        assertEquals(response.statusCode(), problem.get("status").asInt());
    }

    /** Closes the streams opened so far (the clients go away). */
    void closeStreams() {
        opened.forEach(Stream::close);
        opened.clear();
    }

    @Override
    public void close() throws Exception {
        closeStreams();
        jetty.stop();
    }

    /** The next message or final comment; keep-alive comments are skipped. */
    static Message next(Iterator<String> lines) {
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

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    /** One SSE message as read; absent lines are null. */
    static final class Message {
        String id;
        String event;
        String data;
        String comment;

        long idLong() {
            return Long.parseLong(id);
        }
    }
}
