package org.strata.ws.soap;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.strata.api.health.Health;
import org.strata.api.health.HealthCheck;
import org.strata.security.login.Authenticator;
import org.strata.security.login.Login;

/** The SOAP services built after start: what a caller gets before, while and after they are built. */
public class SoapEndpointsTest {
    private static final Authenticator ADMIN =
            (user, password, origin) -> "admin".equals(user) && "pw".equals(new String(password))
                    ? Optional.of(new Login("admin", Set.of("admin")))
                    : Optional.empty();
    private static final String GET_HEALTH =
            "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:s=\"urn:strata:ws:v1\">"
                    + "<soap:Body><s:getHealth/></soap:Body></soap:Envelope>";

    private final HttpClient client = HttpClient.newHttpClient();
    private Bus bus;
    private Server jetty;
    private String base;
    private SoapEndpoints endpoints;

    @Before
    public void jetty() throws Exception {
        bus = BusFactory.newInstance().createBus();
        CXFNonSpringServlet servlet = new CXFNonSpringServlet();
        servlet.setBus(bus);
        jetty = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(servlet), "/*");
        jetty.setHandler(context);
        jetty.start();
        base = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    @After
    public void stop() throws Exception {
        if (endpoints != null) {
            endpoints.close();
        }
        jetty.stop();
        bus.shutdown(true);
    }

    private SoapEndpoints platformService(int waitSeconds) {
        PlatformWebService platform =
                new PlatformWebService(() -> Health.of(List.of(HealthCheck.up("repository", true, null))));
        return new SoapEndpoints(
                bus,
                List.of(new SoapService("/soap/platform", platform)),
                List.of(new SoapAuthInterceptor(ADMIN), new SoapIdLimit()),
                waitSeconds);
    }

    private HttpResponse<String> getHealth() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/soap/platform"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(UTF8)))
                .header("Content-Type", "text/xml; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(GET_HEALTH))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

    @Test
    public void aCallBeforeTheServiceIsBuiltWaitsForItAndIsAnswered() throws Exception {
        endpoints = platformService(30);
        endpoints.start(); // nothing is built until a request asks for it

        HttpResponse<String> answer = getHealth();

        assertEquals(answer.body(), 200, answer.statusCode());
        assertTrue(answer.body(), answer.body().contains("getHealthResponse"));
        assertTrue(answer.body(), answer.body().contains("<name>repository</name>"));
        // built once: the next call is answered by the same service, and its WSDL names the address
        assertEquals(200, getHealth().statusCode());
        HttpResponse<String> wsdl = client.send(
                HttpRequest.newBuilder(URI.create(base + "/soap/platform?wsdl"))
                        .header(
                                "Authorization",
                                "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(UTF8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, wsdl.statusCode());
        assertTrue(wsdl.body(), wsdl.body().contains("location=\"" + base + "/soap/platform\""));
    }

    @Test
    public void aCallThatWouldWaitTooLongGetsAStartingFault() throws Exception {
        endpoints = platformService(0);
        endpoints.start();

        HttpResponse<String> answer = getHealth();

        assertEquals(answer.body(), 500, answer.statusCode());
        assertEquals("5", answer.headers().firstValue("Retry-After").orElse(""));
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
        assertTrue(answer.body(), answer.body().contains("<faultcode>soap:Server</faultcode>"));
        assertTrue(answer.body(), answer.body().contains("<code>UNAVAILABLE</code>"));
        // the call started the build; once it is done, calls are answered
        endpoints.awaitPublished();
        HttpResponse<String> later = getHealth();
        assertEquals(later.body(), 200, later.statusCode());
    }

    @Test
    public void aBuiltServiceStillChecksCredentials() throws Exception {
        endpoints = platformService(30);
        endpoints.start();
        endpoints.publishInBackground("/soap/platform");
        endpoints.awaitPublished();

        HttpResponse<String> anonymous = client.send(
                HttpRequest.newBuilder(URI.create(base + "/soap/platform"))
                        .header("Content-Type", "text/xml; charset=UTF-8")
                        .POST(HttpRequest.BodyPublishers.ofString(GET_HEALTH))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(401, anonymous.statusCode());
        assertEquals(200, getHealth().statusCode());
    }

    @Test
    public void afterCloseTheAddressNoLongerAnswers() throws Exception {
        endpoints = platformService(30);
        endpoints.start();
        endpoints.publishInBackground("/soap/platform");
        endpoints.awaitPublished();
        assertEquals(200, getHealth().statusCode());

        endpoints.close();
        endpoints = null;

        assertEquals(404, getHealth().statusCode());
    }

    @Test
    public void closingBeforeTheServiceIsBuiltLeavesNothingBehind() throws Exception {
        endpoints = platformService(30);
        endpoints.start();

        endpoints.close();
        endpoints = null;

        assertEquals(404, getHealth().statusCode());
    }
}
