package org.strata.http.mount;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.servlet.http.HttpServlet;
import org.junit.Test;
import org.ops4j.pax.web.service.WebContainer;

/**
 * What a mount asks of the web container as containers come and go. The container is a recording stand-in: Pax Web
 * needs an OSGi framework; the integration tests serve the boot service, the repositories and the console on it.
 */
public class ServletMountTest {

    private final List<String> calls = new ArrayList<>();
    private final HttpServlet servlet = new HttpServlet() {};

    private WebContainer recordingContainer(String name) {
        return (WebContainer) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {WebContainer.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "registerServlet" ->
                            calls.add(name + " registerServlet " + args[1] + " " + Arrays.toString((String[]) args[2])
                                    + " async=" + args[5]);
                        case "unregisterServlet" ->
                            calls.add(name + " unregisterServlet " + (args[0] == servlet ? "it" : "another"));
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        default -> calls.add(name + " " + method.getName());
                    }
                    return null;
                });
    }

    @Test
    public void theServletIsOnOneContainerAtATimeNamedByItsPathAndLeavesWhenClosed() {
        ServletMount mount = new ServletMount("/boot", servlet, false, "the boot service");
        WebContainer first = recordingContainer("first");
        WebContainer second = recordingContainer("second");

        mount.bind(first);
        mount.bind(second);
        assertEquals(List.of("first registerServlet /boot [/boot/*] async=false"), calls);

        mount.unbind(second);
        mount.unbind(first);
        mount.bind(second);
        assertEquals("second registerServlet /boot [/boot/*] async=false", calls.get(1));

        mount.close();
        assertEquals("second unregisterServlet it", calls.get(2));
        mount.close();
        assertEquals("nothing left to unregister", 3, calls.size());
    }

    @Test
    public void aPathMustBeAbsoluteWithoutATrailingSlash() {
        assertThrows(IllegalArgumentException.class, () -> new ServletMount("boot", servlet, false, "x"));
        assertThrows(IllegalArgumentException.class, () -> new ServletMount("/boot/", servlet, false, "x"));
    }
}
