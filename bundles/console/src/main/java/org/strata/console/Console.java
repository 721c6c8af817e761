package org.strata.console;

import org.ops4j.pax.web.service.WebContainer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.strata.http.mount.ServletMount;
import org.strata.security.login.Authenticator;

/**
 * Puts the console on Karaf's web server at {@value ConsoleServlet#PATH} each time a web container comes
 * ({@link ServletMount}, as the boot service and the package repositories are put there).
 */
@Component(
        service = {},
        immediate = true)
public final class Console {

    private final ServletMount mount;

    @Activate
    public Console(@Reference Authenticator authenticator, BundleContext context) {
        Bundle bundle = context.getBundle();
        this.mount = new ServletMount(
                ConsoleServlet.PATH,
                new ConsoleServlet(
                        authenticator,
                        file -> bundle.getEntry("console/" + file),
                        bundle.getVersion() + "-" + bundle.getLastModified()),
                false,
                "the web console");
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
