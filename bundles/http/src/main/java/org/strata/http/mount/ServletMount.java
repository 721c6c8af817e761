package org.strata.http.mount;

import java.util.Hashtable;
import javax.servlet.Servlet;
import org.ops4j.pax.web.service.WebContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One servlet at one path on Pax Web's web container: registered when a container comes ({@link #bind}), forgotten
 * when it goes ({@link #unbind}: the container destroyed its servlets with it), unregistered when its bundle stops
 * ({@link #close}). A component calls these from its dynamic, optional reference to {@link WebContainer}.
 *
 * <p>The servlet is named after its path: Pax Web names a servlet registered by alias after its class and refuses a
 * second servlet of the same name, so two servlets of one class could not both be served. The path serves itself and
 * everything below it ({@code /boot} and {@code /boot/...}); a longer path wins over CXF's servlet at "/".
 */
public final class ServletMount implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServletMount.class);

    private final String path;
    private final Servlet servlet;
    private final boolean async;
    private final String what;
    private WebContainer web;

    /**
     * @param path    where it is served, e.g. {@code /boot}
     * @param async   whether it uses asynchronous requests (event streams)
     * @param what    what it is, for the log: "the boot service"
     */
    public ServletMount(String path, Servlet servlet, boolean async, String what) {
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("a servlet's path starts with / and does not end with one: " + path);
        }
        this.path = path;
        this.servlet = servlet;
        this.async = async;
        this.what = what;
    }

    public String path() {
        return path;
    }

    /** A web container came: the servlet goes on it, unless it is on one already. */
    public synchronized void bind(WebContainer container) {
        if (web != null) {
            return;
        }
        try {
            container.registerServlet(servlet, path, new String[] {path + "/*"}, new Hashtable<>(), null, async, null);
            web = container;
            LOG.info("Serving {} at {}", what, path);
        } catch (Exception e) {
            LOG.error("Could not serve {} at {}: {}", what, path, e.getMessage(), e);
        }
    }

    /** A web container went; if it was ours, it destroyed the servlet as it went. */
    public synchronized void unbind(WebContainer container) {
        if (container == web) {
            web = null;
        }
    }

    /** The component stops: the servlet leaves the web server, which destroys it. */
    @Override
    public synchronized void close() {
        if (web != null) {
            try {
                web.unregisterServlet(servlet);
            } catch (RuntimeException e) {
                LOG.debug("{} already unregistered: {}", what, e.getMessage());
            }
            web = null;
        }
    }
}
