package org.strata.http;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The gate on a real Jetty's plain HTTP connector on 127.0.0.1, asked with raw requests (an HTTP client would
 * normalise the tricks away): only the plain paths are reached, however the path is spelt.
 */
public class GateTest {

    private Server server;
    private int port;

    @Before
    public void start() throws Exception {
        server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.addCustomizer(new Gate(List.of("/boot/", "/repos/")));
        ServerConnector http = new ServerConnector(server, new HttpConnectionFactory(config));
        http.setHost("127.0.0.1");
        http.setPort(0);
        server.addConnector(http);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                response.setStatus(200);
                response.getWriter().write("reached " + target);
                base.setHandled(true);
            }
        });
        server.start();
        port = http.getLocalPort();
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    @Test
    public void plainHttpReachesThePlainPathsAndNothingElseHoweverSpelt() throws Exception {
        assertEquals("200 reached /boot/boot.ipxe", get("/boot/boot.ipxe"));
        assertEquals("200 reached /repos/r/Release", get("/repos/r/Release"));
        for (String trick : List.of(
                "/rest/vms",
                "/boot/../rest/vms",
                "/repos/../rest/vms",
                "/repos/./../rest/vms",
                "/repos/%2e%2e/rest/vms",
                "/repos/%2E%2E/rest/vms",
                "/repos/..%2frest/vms",
                "/boot/x/../../rest/vms")) {
            String answer = get(trick);
            // 403 from the gate, or 400 where Jetty refuses the path itself: never the handler.
            assertEquals(trick + ": " + answer, false, answer.contains("reached"));
        }
    }

    /** The status and body of a raw GET. */
    private String get(String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = answer.substring(9, 12);
            int body = answer.indexOf("\r\n\r\n");
            return status + " " + (body < 0 ? "" : answer.substring(body + 4).trim());
        }
    }
}
