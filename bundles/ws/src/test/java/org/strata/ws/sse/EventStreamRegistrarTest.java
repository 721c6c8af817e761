package org.strata.ws.sse;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.ops4j.pax.web.service.WebContainer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The registrar follows the web container as Pax Web offers it: registered once per container, again after a web
 * server restart, off when the bundle stops (which also ends the open streams). Pax Web, the bundle context and
 * the service references are hand-written proxies (no OSGi framework in unit tests) that record the calls.
 */
public class EventStreamRegistrarTest {

    private final List<String> calls = new ArrayList<>();
    private final WebContainer web = (WebContainer) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {WebContainer.class}, (proxy, method, args) -> {
                calls.add(method.getName()
                        + (args == null
                                ? ""
                                : " "
                                        + Arrays.asList(args)
                                                .subList(
                                                        0,
                                                        method.getName().equals("registerServlet") ? 1 : args.length))
                        + (method.getName().equals("registerServlet") ? " async=" + args[4] : ""));
                return null;
            });
    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getService" -> web;
                case "ungetService" -> true;
                default -> null;
            });

    private static ServiceReference<?> reference() {
        return (ServiceReference<?>) Proxy.newProxyInstance(
                EventStreamRegistrarTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> null;
                });
    }

    @Test
    public void registersOncePerWebContainerAgainAfterARestartAndLeavesWhenStopped() {
        InMemoryEventLogForTests log = new InMemoryEventLogForTests();
        EventHub hub = new EventHub(log, 60_000);
        EventStreamServlet servlet = new EventStreamServlet(
                new EventsEndpoint(log, hub, 10, 1000), (u, p, o) -> java.util.Optional.empty(), 2);
        EventStreamRegistrar registrar = new EventStreamRegistrar(context, servlet);
        ServiceReference<?> first = reference();

        registrar.bind(first);
        registrar.bind(reference());
        assertEquals(List.of("registerServlet [/api/v1/events/stream] async=true"), calls);

        registrar.unbind(first);
        registrar.bind(reference());
        assertEquals(2, calls.size());

        registrar.close();
        assertEquals("unregister [/api/v1/events/stream]", calls.get(2));
        registrar.close();
        assertEquals("nothing left to unregister", 3, calls.size());
        hub.close();
    }
}
