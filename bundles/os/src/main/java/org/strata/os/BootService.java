package org.strata.os;

import org.ops4j.pax.web.service.WebContainer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.strata.http.mount.ServletMount;

/**
 * Puts the boot service ({@link BootServlet}) on Pax Web at {@value BootServlet#PATH} each time a web container comes,
 * as the console and the event stream are put there ({@link ServletMount}). Its path wins over CXF's servlet on
 * "/". Over HTTPS it is served like the rest; over plain HTTP, which PXE firmware and installers
 * need, only when plain HTTP is switched on, and then the HTTP edge lets nothing else through (docs/os.md).
 */
@Component(immediate = true)
public final class BootService {

    private final ServletMount mount;

    @Activate
    public BootService(@Reference OsManager os) {
        this.mount = new ServletMount(BootServlet.PATH, new BootServlet(os), false, "the boot service");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindWeb(WebContainer container) {
        mount.bind(container);
    }

    void unbindWeb(WebContainer container) {
        mount.unbind(container);
    }

    @Deactivate
    void deactivate() {
        mount.close();
    }
}
