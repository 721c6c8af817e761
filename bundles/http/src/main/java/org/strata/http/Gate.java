package org.strata.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;

/**
 * Refuses, before any web application sees the request, what no Strata service takes, as problem+json:
 * <ul>
 * <li>methods no service has (TRACE, TRACK, CONNECT...): 405 with the methods the services do use;</li>
 * <li>path parameters ({@code /hosts/;jsessionid=x/sel}): the servlet layer would strip them and serve another
 * resource than the path names; Strata uses none.</li>
 * </ul>
 * A Jetty customizer rather than a handler: Jetty skips the server's handlers for a request a customizer handled,
 * and Pax Web takes a customizer without restarting the web server (a handler that arrives makes it start over,
 * and web applications registered meanwhile may be lost). It also makes {@link ProblemErrorHandler} the server's
 * error handler, for what Jetty refuses before any handler runs.
 */
final class Gate implements HttpConfiguration.Customizer {

    private final java.util.List<String> plainPaths;

    /** @param plainPaths the path prefixes plain HTTP may reach; the rest is HTTPS only (403 over plain HTTP) */
    Gate(java.util.List<String> plainPaths) {
        this.plainPaths = java.util.List.copyOf(plainPaths);
    }

    Gate() {
        this(java.util.List.of("/"));
    }

    static final String ALLOWED = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    @Override
    public void customize(Connector connector, HttpConfiguration config, Request request) {
        problemErrors(connector.getServer());
        if (!METHODS.contains(request.getMethod())) {
            request.getResponse().setHeader("Allow", ALLOWED);
            refuse(
                    request,
                    HttpServletResponse.SC_METHOD_NOT_ALLOWED,
                    "this method is not allowed; the services use " + ALLOWED);
        } else if (request.getHttpURI().getPath() != null
                && request.getHttpURI().getPath().indexOf(';') >= 0) {
            refuse(request, HttpServletResponse.SC_BAD_REQUEST, "path parameters (';' in the path) are not accepted");
        } else if (!secure(connector) && !plain(request)) {
            // Plain HTTP is there for what cannot speak TLS to Strata (a machine's firmware and installer fetching
            // from the boot service); the web services, their logins and secrets stay on HTTPS.
            refuse(request, HttpServletResponse.SC_FORBIDDEN, "plain HTTP serves only " + plainPaths + "; use HTTPS");
        }
    }

    /**
     * Whether the connector speaks TLS. Asked of the connector, not of the request: the customizer that marks a request
     * secure may run after this one.
     */
    private static boolean secure(Connector connector) {
        return connector != null
                && connector.getProtocols().stream()
                        .anyMatch(p -> p.toLowerCase(java.util.Locale.ROOT).startsWith("ssl"));
    }

    /**
     * Whether plain HTTP may reach the request's path. The path judged is the one the handlers are given (decoded and
     * without dot segments), never the raw one: "/boot/../x" and "/boot/%2e%2e/x" reach "/x".
     */
    private boolean plain(Request request) {
        String p = request.getPathInfo();
        // No canonical path (one that climbs above the root, which Jetty refuses anyway): only when all is plain.
        return p == null ? plainPaths.contains("/") : plainPaths.stream().anyMatch(p::startsWith);
    }

    /** Once per server (Pax Web may make a new one when its configuration changes). */
    private static void problemErrors(Server server) {
        if (server != null && !(server.getErrorHandler() instanceof ProblemErrorHandler)) {
            synchronized (server) {
                if (!(server.getErrorHandler() instanceof ProblemErrorHandler)) {
                    server.setErrorHandler(new ProblemErrorHandler());
                }
            }
        }
    }

    private static void refuse(Request request, int status, String detail) {
        byte[] body = Problems.body(status, detail);
        HttpServletResponse response = request.getResponse();
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        request.setHandled(true);
    }
}
