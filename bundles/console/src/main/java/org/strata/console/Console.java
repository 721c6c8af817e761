package org.strata.console;

import java.util.Hashtable;
import org.ops4j.pax.web.service.WebContainer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.security.login.Authenticator;

/**
 * Puts the console on Karaf's web server at {@value ConsoleServlet#PATH} each time a web container comes, as the
 * event stream and the boot service are put there (the distribution has no HTTP whiteboard).
 */
@Component(
        service = {},
        immediate = true)
public final class Console {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);

    private final ConsoleServlet servlet;
    private WebContainer web;

    @Activate
    public Console(@Reference Authenticator authenticator, BundleContext context) {
        Bundle bundle = context.getBundle();
        this.servlet = new ConsoleServlet(
                authenticator,
                file -> bundle.getEntry("console/" + file),
                bundle.getVersion() + "-" + bundle.getLastModified());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindWeb(WebContainer container) {
        if (web != null) {
            return;
        }
        try {
            container.registerServlet(ConsoleServlet.PATH, servlet, new Hashtable<>(), null, false, null);
            web = container;
            LOG.info("Web console served at {}/", ConsoleServlet.PATH);
        } catch (Exception e) {
            LOG.error("Could not serve the web console at {}: {}", ConsoleServlet.PATH, e.getMessage(), e);
        }
    }

    synchronized void unbindWeb(WebContainer container) {
        if (container == web) {
            web = null; // it destroyed its servlets as it went
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (web != null) {
            try {
                web.unregister(ConsoleServlet.PATH);
            } catch (RuntimeException e) {
                LOG.debug("console already unregistered: {}", e.getMessage());
            }
            web = null;
        }
    }
}
