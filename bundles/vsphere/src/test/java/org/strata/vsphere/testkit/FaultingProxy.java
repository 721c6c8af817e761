package org.strata.vsphere.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback HTTP proxy in front of a real vSphere API server (a {@link Vcsim}) that passes every request through,
 * except those {@code trap} picks: these it answers itself with a SOAP fault of the given type, as the server would
 * when a guest or host cannot do what was asked (VMware Tools not running, say), which vcsim never does. Only for
 * plain HTTP servers.
 */
public final class FaultingProxy implements AutoCloseable {

    private final HttpServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI target;
    private final Predicate<String> trap;
    private final String faultType;
    private final String message;
    private final AtomicInteger trapped = new AtomicInteger();

    private FaultingProxy(URI target, Predicate<String> trap, String faultType, String message) throws IOException {
        this.target = target;
        this.trap = trap;
        this.faultType = faultType;
        this.message = message;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param target    the real server's SDK URL ({@code http://127.0.0.1:PORT/sdk})
     * @param trap      picks the request bodies to fail (the whole SOAP envelope as text)
     * @param faultType the vim25 fault's type ("ToolsUnavailable")
     */
    public static FaultingProxy start(URI target, Predicate<String> trap, String faultType, String message)
            throws IOException {
        return new FaultingProxy(target, trap, faultType, message);
    }

    /** {@code 127.0.0.1:PORT} */
    public String authority() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many requests were answered with the fault. */
    public int trapped() {
        return trapped.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (trap.test(body)) {
                trapped.incrementAndGet();
                byte[] fault = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                                + "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>"
                                + "<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>" + message
                                + "</faultstring><detail><" + faultType + "Fault xmlns=\"urn:vim25\" xsi:type=\""
                                + faultType + "\"></" + faultType + "Fault></detail></soapenv:Fault>"
                                + "</soapenv:Body></soapenv:Envelope>")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=utf-8");
                exchange.sendResponseHeaders(500, fault.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(fault);
                }
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofString(body));
            for (String header : List.of("Content-Type", "SOAPAction", "Cookie")) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    forward.header(header, value);
                }
            }
            HttpResponse<byte[]> reply;
            try {
                reply = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            for (String header : List.of("Content-Type", "Set-Cookie")) {
                for (String value : reply.headers().allValues(header)) {
                    exchange.getResponseHeaders().add(header, value);
                }
            }
            byte[] bytes = reply.body();
            exchange.sendResponseHeaders(reply.statusCode(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
