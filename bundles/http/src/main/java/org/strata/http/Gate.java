package org.strata.http;

import java.io.IOException;
import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Runs before the web applications (a Jetty handler Pax Web puts in front of its contexts) and refuses what no
 * Strata service takes, as problem+json:
 * <ul>
 * <li>methods no service has (TRACE, TRACK, CONNECT...): 405 with the methods the services do use;</li>
 * <li>path parameters ({@code /hosts/;jsessionid=x/sel}): the servlet layer would strip them and serve another
 * resource than the path names; Strata uses none.</li>
 * </ul>
 * When it joins a server it also makes {@link ProblemErrorHandler} the server's error handler, which answers what
 * Jetty refuses before any handler runs.
 */
final class Gate extends AbstractHandler {

    static final String ALLOWED = "GET, HEAD, POST, PUT, DELETE, OPTIONS";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

    private final ErrorHandler errors = new ProblemErrorHandler();

    @Override
    public void setServer(Server server) {
        super.setServer(server);
        if (server != null) {
            errors.setServer(server);
            server.setErrorHandler(errors);
        }
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!METHODS.contains(baseRequest.getMethod())) {
            response.setHeader("Allow", ALLOWED);
            refuse(baseRequest, response, 405, "this method is not allowed; the services use " + ALLOWED);
        } else if (baseRequest.getHttpURI().getPath() != null && baseRequest.getHttpURI().getPath().indexOf(';') >= 0) {
            refuse(baseRequest, response, 400, "path parameters (';' in the path) are not accepted");
        }
    }

    private static void refuse(Request baseRequest, HttpServletResponse response, int status, String detail)
            throws IOException {
        baseRequest.setHandled(true);
        byte[] body = Problems.body(status, detail);
        response.setStatus(status);
        response.setContentType(Problems.MEDIA_TYPE);
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
