package org.strata.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.strata.security.login.Authenticator;
import org.strata.security.login.BasicCredentials;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.Login;
import org.strata.security.login.LoginThrottledException;

/**
 * Serves the console's files at {@value #PATH}: {@code /console/} is its one page, everything else a file of the
 * bundle's {@code console/} folder. Every request logs in as a REST request does (HTTP Basic against the same
 * authenticator, so a success is shared with the API for its cache's 10 s), which is also what makes the browser ask
 * for credentials once and send them with the page's API calls and event streams.
 *
 * <p>The files hold no data: what a user sees is what the API gives it. The console's own rules are the headers:
 * a Content-Security-Policy that allows scripts, styles and connections to this origin only (no inline script, no
 * eval, nothing from elsewhere: the console works on an air-gapped network and an injected string cannot run), and
 * no caching beyond revalidation, since a new bundle version changes the files under the same names.
 */
public final class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    public static final String PATH = "/console";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "txt", "text/plain;charset=UTF-8",
            "md", "text/plain;charset=UTF-8");

    private final transient Authenticator authenticator;
    private final transient Function<String, URL> files;
    private final String etag;

    /**
     * @param files   a file of the console by its path below {@code console/} ({@code js/app.js}), null when absent
     * @param version changes whenever the files may have: the bundle's version and its last modification
     */
    public ConsoleServlet(Authenticator authenticator, Function<String, URL> files, String version) {
        this.authenticator = authenticator;
        this.files = files;
        this.etag = "\"" + version.replaceAll("[^A-Za-z0-9._-]", "-") + "\"";
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            problem(
                    response,
                    405,
                    "INVALID_INPUT",
                    "the console's files are only read; this resource allows GET, HEAD");
            return;
        }
        Optional<Login> login;
        try {
            login = BasicCredentials.parse(request.getHeader("Authorization"))
                    .flatMap(c -> authenticator.authenticate(
                            c.user(), c.password(), new ClientOrigin("console", request.getRemoteAddr())));
        } catch (LoginThrottledException e) {
            response.setHeader("Retry-After", Long.toString(e.retryAfter().toSeconds()));
            problem(response, 429, "THROTTLED", e.getMessage());
            return;
        }
        if (login.isEmpty()) {
            response.setHeader("WWW-Authenticate", BasicCredentials.CHALLENGE);
            problem(response, 401, "UNAUTHENTICATED", "valid HTTP Basic credentials are required");
            return;
        }
        if (!login.get().mayRead()) {
            problem(response, 403, "FORBIDDEN", "the console needs a role that may read: " + Login.READ_ROLES);
            return;
        }
        String path = request.getPathInfo();
        if (path == null) {
            // "/console": the page's relative links need the slash.
            response.setHeader("Location", request.getContextPath() + PATH + "/");
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            return;
        }
        String file = path.equals("/") ? "index.html" : path.substring(1);
        Optional<String> type = typeOf(file);
        URL url = type.isPresent() && safe(file) ? files.apply(file) : null;
        if (url == null) {
            problem(response, 404, "NOT_FOUND", "the console has no file '" + printable(file) + "'");
            return;
        }
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", etag);
        if (file.endsWith(".html")) {
            response.setHeader("Content-Security-Policy", CSP);
        }
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] body;
        try (InputStream in = url.openStream()) {
            body = in.readAllBytes();
        }
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(type.get());
        response.setContentLength(body.length);
        if (method.equals("GET")) {
            response.getOutputStream().write(body);
        }
    }

    /** Only plain relative names: no "..", no empty segment, no backslash, nothing a file system could reinterpret. */
    static boolean safe(String file) {
        if (file.isEmpty() || file.startsWith("/") || file.contains("\\") || file.contains("//")) {
            return false;
        }
        for (String segment : file.split("/")) {
            if (segment.isEmpty() || segment.startsWith(".") || !segment.matches("[A-Za-z0-9._-]+")) {
                return false;
            }
        }
        return true;
    }

    static Optional<String> typeOf(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0
                ? Optional.empty()
                : Optional.ofNullable(TYPES.get(file.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    private static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        return cut.replaceAll("[\\p{Cntrl}\"\\\\]", "?");
    }

    /** A problem as the API words it: typed {@code urn:strata:problem:<code>}, titled after the code. */
    static void problem(HttpServletResponse response, int status, String code, String detail) throws IOException {
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        String title = Character.toUpperCase(words.charAt(0)) + words.substring(1);
        byte[] body = ("{\"type\":\"urn:strata:problem:"
                        + code.toLowerCase(Locale.ROOT).replace('_', '-')
                        + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                        + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"code\":\"" + code + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
