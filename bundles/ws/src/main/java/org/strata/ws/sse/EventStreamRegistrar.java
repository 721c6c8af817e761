package org.strata.ws.sse;

import org.ops4j.pax.web.service.WebContainer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.strata.http.mount.ServletMount;

/**
 * Puts a stream servlet on Pax Web at its path ({@link EventStreamServlet#path()}), beside CXF's servlet, with
 * asynchronous support, each time a web container comes, and takes it off when this bundle stops
 * ({@link ServletMount}). Through Pax Web's {@link WebContainer} rather than the HTTP Whiteboard: the distribution has
 * no whiteboard extender, and the plain HttpService cannot ask for asynchronous support.
 *
 * <p>When the web container goes (Pax Web restarting the web server), Pax Web destroys the servlet, which ends its
 * streams with a final comment; when it comes back the servlet is registered again. Blueprint hands this listener
 * service references, which it gets and ungets here.
 */
public final class EventStreamRegistrar {

    private final BundleContext context;
    private final EventStreamServlet servlet;
    private final ServletMount mount;
    private ServiceReference<?> boundTo;
    private WebContainer web;

    public EventStreamRegistrar(BundleContext context, EventStreamServlet servlet) {
        this.context = context;
        this.servlet = servlet;
        this.mount = new ServletMount(servlet.path(), servlet, true, "Server-Sent Events");
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
        boundTo = reference;
        web = container;
        mount.bind(container);
    }

    /** Blueprint reference listener: the web container went; it destroyed the servlet (and its streams). */
    public synchronized void unbind(ServiceReference<?> reference) {
        if (reference == null || !reference.equals(boundTo)) {
            return;
        }
        mount.unbind(web);
        web = null;
        boundTo = null;
        try {
            context.ungetService(reference);
        } catch (IllegalStateException e) {
            // this bundle is stopping
        }
    }

    /** This bundle stops: the servlet leaves the web server, which destroys it and so ends every stream. */
    public synchronized void close() {
        mount.close();
        if (boundTo != null) {
            unbind(boundTo);
        }
        servlet.destroy();
    }
}
