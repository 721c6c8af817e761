package org.strata.http;

import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.eclipse.jetty.server.HttpConfiguration;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Hands Pax Web, which runs Karaf's Jetty, the pieces of Strata's HTTP edge: Pax Web adds every Jetty
 * {@link HttpConfiguration.Customizer} registered as a service to its connectors, without restarting the server,
 * and Jetty runs them, highest ranking first, on every request before any handler.
 */
@Component(immediate = true, configurationPid = HttpEdge.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HttpEdge.Config.class)
public final class HttpEdge {

    public static final String PID = "org.strata.http";

    @ObjectClassDefinition(name = "Strata HTTP edge")
    public @interface Config {
        @AttributeDefinition(
                required = false,
                description = "The URL clients reach Strata at, when it is not the"
                        + " address they connect to (a proxy in front, a DNS name): https://strata.example.com")
        String public_url() default "";

        @AttributeDefinition(
                required = false,
                description = "Comma-separated addresses of proxies whose"
                        + " X-Forwarded-For, -Proto and -Host headers are believed")
        String trusted_proxies() default "";

        @AttributeDefinition(
                required = false,
                description = "Comma-separated extra names of this machine that a"
                        + " client's Host header may use (its addresses, its host name and localhost always may)")
        String host_names() default "";

        @AttributeDefinition(
                required = false,
                description = "Comma-separated path prefixes served over plain HTTP when it is switched on"
                        + " (org.osgi.service.http.enabled in org.ops4j.pax.web.cfg): the boot service, which PXE firmware"
                        + " and installers reach, and Strata's package repositories, which guests' apt reaches, by"
                        + " default; '/' for everything (behind a TLS-terminating proxy on this machine)")
        String plain_http_paths() default "/boot/,/repos/";
    }

    private final List<ServiceRegistration<?>> registrations;

    @Activate
    public HttpEdge(Config config, BundleContext context) {
        EdgeSettings settings = EdgeSettings.of(config.public_url(), config.trusted_proxies());
        List<String> names = Arrays.stream(config.host_names().split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        registrations = List.of(
                context.registerService(
                        HttpConfiguration.Customizer.class,
                        new Gate(Arrays.stream(config.plain_http_paths().split(","))
                                .map(String::trim)
                                .filter(p -> !p.isEmpty())
                                .toList()),
                        ranking(2000)),
                context.registerService(
                        HttpConfiguration.Customizer.class,
                        new PublicAddress(settings, OwnNames.of(names)),
                        ranking(1000)));
    }

    private static Dictionary<String, Object> ranking(int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ranking);
        return properties;
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
    }
}
