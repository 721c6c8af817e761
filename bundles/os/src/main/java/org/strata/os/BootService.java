package org.strata.os;

import java.util.Hashtable;
import org.ops4j.pax.web.service.WebContainer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the boot service ({@link BootServlet}) on Pax Web at {@value BootServlet#PATH} each time a web container comes,
 * as the event stream is put there (the distribution has no HTTP whiteboard). The path is an exact alias, so it wins
 * over CXF's servlet on "/". Over HTTPS it is served like the rest; over plain HTTP, which PXE firmware and installers
 * need, only when plain HTTP is switched on, and then the HTTP edge lets nothing else through (docs/os.md).
 */
@Component(immediate = true)
public final class BootService {

    private static final Logger LOG = LoggerFactory.getLogger(BootService.class);

    private final OsManager os;
    private WebContainer web;

    @Activate
    public BootService(@Reference OsManager os) {
        this.os = os;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindWeb(WebContainer container) {
        if (web != null) {
            return;
        }
        try {
            container.registerServlet(BootServlet.PATH, new BootServlet(os), new Hashtable<>(), null, false, null);
            web = container;
            LOG.info("Boot service at {}", BootServlet.PATH);
        } catch (Exception e) {
            LOG.error("Could not serve the boot service at {}: {}", BootServlet.PATH, e.getMessage(), e);
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
                web.unregister(BootServlet.PATH);
            } catch (RuntimeException e) {
                LOG.debug("boot service already unregistered: {}", e.getMessage());
            }
            web = null;
        }
    }
}
