package org.strata.console;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.strata.security.login.Authenticator;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.Login;
import org.strata.security.login.LoginThrottledException;

/**
 * The console's files through a real Jetty and a real HTTP client: the login, the headers, the paths it serves and
 * refuses. The realm is a stand-in (a fixed user table): the JAAS realm itself is the security bundle's to test,
 * and the integration tests log in to the console of the real distribution.
 */
public class ConsoleServletTest {

    private final List<ClientOrigin> origins = new ArrayList<>();
    private final Authenticator standInRealm = (user, password, origin) -> {
        origins.add(origin);
        if (user.equals("slow")) {
            throw new LoginThrottledException(Duration.ofSeconds(7));
        }
        String pw = new String(password);
        if (user.equals("admin") && pw.equals("secret")) {
            return Optional.of(new Login("admin", Set.of("admin")));
        }
        if (user.equals("ssh-only") && pw.equals("secret")) {
            return Optional.of(new Login("ssh-only", Set.of("ssh")));
        }
        return Optional.empty();
    };
    private Server server;
    private String base;
    private final HttpClient http = HttpClient.newHttpClient();

    @Before
    public void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        ClassLoader loader = getClass().getClassLoader();
        context.addServlet(
                new ServletHolder(
                        new ConsoleServlet(standInRealm, file -> loader.getResource("console/" + file), "1.0-42")),
                ConsoleServlet.PATH + "/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> get(String path, String user, String password, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    public void withoutCredentialsTheBrowserIsAskedForThem() throws Exception {
        HttpResponse<String> answer = get("/console/", null, null);
        assertEquals(401, answer.statusCode());
        assertEquals(
                "Basic realm=\"strata\", charset=\"UTF-8\"",
                answer.headers().firstValue("WWW-Authenticate").get());
        assertEquals(
                "application/problem+json",
                answer.headers().firstValue("Content-Type").get());
        assertTrue(answer.body(), answer.body().contains("\"code\":\"UNAUTHENTICATED\""));
        assertEquals(401, get("/console/js/app.js", "admin", "wrong").statusCode());
    }

    @Test
    public void theLoggedInUserGetsThePageWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> answer = get("/console/", "admin", "secret");
        assertEquals(200, answer.statusCode());
        assertTrue(answer.body().contains("<title>Strata</title>"));
        assertEquals(
                "text/html;charset=utf-8",
                answer.headers().firstValue("Content-Type").get().toLowerCase());
        String csp = answer.headers().firstValue("Content-Security-Policy").get();
        assertTrue(csp, csp.contains("script-src 'self';") && !csp.contains("unsafe"));
        assertEquals(
                "nosniff", answer.headers().firstValue("X-Content-Type-Options").get());
        assertEquals(new ClientOrigin("console", "127.0.0.1"), origins.get(0));
    }

    @Test
    public void filesComeWithTheirTypeAndARevalidatingTag() throws Exception {
        HttpResponse<String> script = get("/console/js/app.js", "admin", "secret");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").get().startsWith("text/javascript"));
        assertEquals("no-cache", script.headers().firstValue("Cache-Control").get());
        String tag = script.headers().firstValue("ETag").get();
        assertEquals("\"1.0-42\"", tag);
        assertEquals(
                304,
                get("/console/js/app.js", "admin", "secret", "If-None-Match", tag)
                        .statusCode());
        assertEquals(200, get("/console/css/console.css", "admin", "secret").statusCode());
    }

    @Test
    public void theBareConsolePathGoesToItsPage() throws Exception {
        HttpResponse<String> answer = get("/console", "admin", "secret");
        assertEquals(301, answer.statusCode());
        assertEquals("/console/", answer.headers().firstValue("Location").get());
    }

    @Test
    public void aUserWithoutAReadRoleIsForbiddenAndAThrottledOneToldWhenToComeBack() throws Exception {
        HttpResponse<String> forbidden = get("/console/", "ssh-only", "secret");
        assertEquals(403, forbidden.statusCode());
        assertTrue(forbidden.body().contains("\"code\":\"FORBIDDEN\""));
        HttpResponse<String> throttled = get("/console/", "slow", "x");
        assertEquals(429, throttled.statusCode());
        assertEquals("7", throttled.headers().firstValue("Retry-After").get());
    }

    @Test
    public void onlyTheConsolesOwnFilesAreServedAndOnlyRead() throws Exception {
        assertEquals(404, get("/console/nothing.js", "admin", "secret").statusCode());
        assertEquals(
                404,
                get("/console/../org/strata/console/Console.class", "admin", "secret")
                        .statusCode());
        assertEquals(404, get("/console/js/app", "admin", "secret").statusCode());
        HttpResponse<String> post = http.send(
                HttpRequest.newBuilder(URI.create(base + "/console/"))
                        .header(
                                "Authorization",
                                "Basic "
                                        + Base64.getEncoder()
                                                .encodeToString("admin:secret".getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").get());
    }

    @Test
    public void namesThatCouldLeaveTheFolderAreRefusedBeforeAnyLookUp() {
        assertTrue(ConsoleServlet.safe("js/views/vm.js"));
        assertFalse(ConsoleServlet.safe("../x.js"));
        assertFalse(ConsoleServlet.safe("js/../../x.js"));
        assertFalse(ConsoleServlet.safe("js//app.js"));
        assertFalse(ConsoleServlet.safe(".hidden.js"));
        assertFalse(ConsoleServlet.safe("js\\app.js"));
        assertFalse(ConsoleServlet.safe("js/app.js%00"));
        assertTrue(ConsoleServlet.typeOf("a.JS").isPresent());
        assertFalse(ConsoleServlet.typeOf("Console.class").isPresent());
        URL missing = getClass().getClassLoader().getResource("console/none.js");
        assertNull(missing);
    }
}
