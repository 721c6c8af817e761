package org.strata.ws.sse;

import java.util.Hashtable;
import org.ops4j.pax.web.service.WebContainer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a stream servlet on Pax Web at its path ({@link EventStreamServlet#path()}), beside CXF's servlet (an exact
 * alias wins over CXF's "/"), with asynchronous support, each time a web container comes, and takes it off when
 * this bundle stops. Through Pax Web's {@link WebContainer} rather than the HTTP Whiteboard: the distribution has no
 * whiteboard extender, and the plain HttpService cannot ask for asynchronous support.
 *
 * <p>When the web container goes (Pax Web restarting the web server), Pax Web destroys the servlet, which ends its
 * streams with a final comment; when it comes back the servlet is registered again.
 */
public final class EventStreamRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(EventStreamRegistrar.class);

    private final BundleContext context;
    private final EventStreamServlet servlet;
    private ServiceReference<?> boundTo;
    private WebContainer web;

    public EventStreamRegistrar(BundleContext context, EventStreamServlet servlet) {
        this.context = context;
        this.servlet = servlet;
    }

    /** Blueprint reference listener: a web container came. */
    public synchronized void bind(ServiceReference<?> reference) {
        if (boundTo != null) {
            return;
        }
        Object service = context.getService(reference);
        if (!(service instanceof WebContainer container)) {
            context.ungetService(reference);
            return;
        }
        try {
            container.registerServlet(servlet.path(), servlet, new Hashtable<>(), null, true, null);
            boundTo = reference;
            web = container;
            LOG.info("Server-Sent Events at {}", servlet.path());
        } catch (Exception e) {
            context.ungetService(reference);
            LOG.error("Could not serve Server-Sent Events at {}: {}", servlet.path(), e.getMessage(), e);
        }
    }

    /** Blueprint reference listener: the web container went; it destroyed the servlet (and its streams). */
    public synchronized void unbind(ServiceReference<?> reference) {
        if (reference == null || !reference.equals(boundTo)) {
            return;
        }
        boundTo = null;
        web = null;
        try {
            context.ungetService(reference);
        } catch (IllegalStateException e) {
            // this bundle is stopping
        }
    }

    /** This bundle stops: the servlet leaves the web server, which destroys it and so ends every stream. */
    public synchronized void close() {
        if (web != null) {
            try {
                web.unregister(servlet.path());
            } catch (RuntimeException e) {
                LOG.debug("{} already unregistered: {}", servlet.path(), e.getMessage());
            }
            unbind(boundTo);
        }
        servlet.destroy();
    }
}
