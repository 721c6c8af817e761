package org.strata.spi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.xml.stream.XMLStreamException;
import org.junit.Test;

public class ReasonsTest {

    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

    @Test
    public void eachKindOfNetworkFailureIsSaidInWords() {
        assertEquals("connection refused", Reasons.of(new ConnectException("Connection refused")));
        assertEquals("connection timed out", Reasons.of(new ConnectException("Connection timed out")));
        assertEquals("the connection was closed", Reasons.of(new ClosedChannelException()));
        assertEquals("the connection was closed", Reasons.of(new EOFException("EOF reached while reading")));
        assertEquals("timed out after 10 s", Reasons.of(new SocketTimeoutException("Read timed out"), TEN_SECONDS));
        assertEquals("connection timed out", Reasons.of(new SocketTimeoutException("Connect timed out")));
        assertEquals(
                "timed out after 60 s",
                Reasons.of(new HttpTimeoutException("request timed out"), Duration.ofSeconds(60)));
        assertEquals(
                "connection timed out after 10 s",
                Reasons.of(new HttpConnectTimeoutException("HTTP connect timed out"), TEN_SECONDS));
        assertEquals(
                "unknown host esx1.example",
                Reasons.of(new UnknownHostException("esx1.example: Name or service not known")));
        assertEquals("unknown host esx1.example", Reasons.of(new UnknownHostException("esx1.example")));
        assertEquals(
                "unknown host esx1.example (temporary failure in name resolution)",
                Reasons.of(new UnknownHostException("esx1.example: Temporary failure in name resolution")));
        assertEquals("unknown host", Reasons.of(new UnresolvedAddressException()));
        assertEquals("no route to host", Reasons.of(new NoRouteToHostException("No route to host")));
        assertEquals("port unreachable", Reasons.of(new PortUnreachableException()));
        assertEquals("connection reset", Reasons.of(new SocketException("Connection reset")));
        assertEquals("network error", Reasons.of(new SocketException()));
        assertEquals("interrupted", Reasons.of(new InterruptedIOException()));
        assertEquals(
                "TLS handshake failed: remote host closed the channel",
                Reasons.of(new SSLHandshakeException("Remote host closed the channel")));
        assertEquals(
                "TLS error: unrecognized SSL message, plaintext connection?",
                Reasons.of(new SSLException("Unrecognized SSL message, plaintext connection?")));
    }

    @Test
    public void fileFailuresAreSaidWithoutThePathTheCallerNames() {
        assertEquals("no such file or directory", Reasons.of(new NoSuchFileException("/var/lib/x.img")));
        assertEquals("permission denied", Reasons.of(new AccessDeniedException("/var/lib/x.img")));
        assertEquals(
                "read-only file system",
                Reasons.of(new FileSystemException("/var/lib/x.img", null, "Read-only file system")));
    }

    @Test
    public void nullMessagesGetTheWordsOfTheirKindOrAFallback() {
        assertEquals("connection refused", Reasons.of(new ConnectException()));
        assertEquals("input/output error", Reasons.of(new IOException()));
        assertEquals("an internal error", Reasons.of(new NullPointerException()));
        assertEquals("an unknown error", Reasons.of(new RuntimeException()));
        assertEquals("an unknown error", Reasons.of(null));
        assertEquals("TLS handshake failed", Reasons.of(new SSLHandshakeException(null)));
    }

    @Test
    public void causeChainsAreWalkedToWhatHappened() {
        // java.net.http's own chains, as this JDK builds them (see the real peers below)
        assertEquals(
                "the connection was closed",
                Reasons.of(new IOException(
                        "HTTP/1.1 header parser received no bytes", new EOFException("EOF reached while reading"))));
        assertEquals(
                "connection refused",
                Reasons.of(causedBy(
                        new ConnectException(), causedBy(new ConnectException(), new ClosedChannelException()))));
        assertEquals(
                "unknown host",
                Reasons.of(causedBy(
                        new ConnectException(), causedBy(new ConnectException(), new UnresolvedAddressException()))));
        assertEquals(
                "connection refused", Reasons.of(new UncheckedIOException(new ConnectException("Connection refused"))));
        assertEquals(
                "TLS handshake failed: the connection was closed",
                Reasons.of(causedBy(
                        new SSLHandshakeException("Remote host terminated the handshake"),
                        new EOFException("SSL peer shut down incorrectly"))));
        assertEquals(
                "a library's own words are kept",
                "cannot parse the reply",
                Reasons.of(new IllegalStateException(
                        "cannot parse the reply", new XMLStreamException("ParseError at [1,1]"))));
        assertEquals(
                "a message-less wrapper says what its cause said",
                "connection reset",
                Reasons.of(new RuntimeException(null, new SocketException("Connection reset"))));

        RuntimeException a = new RuntimeException((String) null);
        RuntimeException b = new RuntimeException((String) null, a);
        a.initCause(b);
        assertEquals("a cycle ends", "an unknown error", Reasons.of(a));
    }

    @Test
    public void classNamesInMessagesAreTakenOut() {
        assertEquals(
                "connection refused", Reasons.of(new IOException("java.net.ConnectException: Connection refused")));
        assertEquals(
                "TLS handshake failed: PKIX path building failed: unable to find valid certification path to "
                        + "requested target",
                Reasons.of(new SSLHandshakeException("PKIX path building failed: "
                        + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path "
                        + "to requested target")));
        assertEquals(
                "boom",
                Reasons.of(
                        new RuntimeException(
                                "java.lang.IllegalStateException: boom\n"
                                        + "\tat org.acme.Driver.open(Driver.java:12)\n\tat java.base/java.lang.Thread.run(Thread.java:840)")));
        assertEquals(
                "the wrapper's message is its cause's toString()",
                "the connection was closed",
                Reasons.of(new RuntimeException(new ClosedChannelException())));
        assertEquals(
                "a message that is only a class name",
                "an unknown error",
                Reasons.of(new RuntimeException("org.acme.WeirdException")));
    }

    @Test
    public void inWordsSaysClassNamesInWordsAndLeavesWordsAlone() {
        assertEquals(
                "127.0.0.1:8989 did not answer: the connection was closed (Transport)",
                Reasons.inWords("127.0.0.1:8989 did not answer: ClosedChannelException (Transport)"));
        assertEquals("the connection was closed", Reasons.inWords("ClosedChannelException"));
        assertEquals("the connection was closed", Reasons.inWords("java.io.EOFException"));
        assertEquals(
                "cannot open qemu+tcp://kvm1/system: an internal error",
                Reasons.inWords("cannot open qemu+tcp://kvm1/system: java.lang.NullPointerException"));
        assertEquals(
                "an unknown exception is left out",
                "cannot open qemu+tcp://kvm1/system",
                Reasons.inWords("cannot open qemu+tcp://kvm1/system: org.acme.WeirdException"));
        assertEquals("cannot connect", Reasons.inWords("cannot connect: sun.nio.ch.SocketChannelImpl"));
        assertEquals("esx1: timed out", Reasons.inWords("esx1: java.net.SocketTimeoutException: timed out"));
        assertEquals("an internal error", Reasons.inWords("NullPointerException"));
        assertNull(Reasons.inWords("WeirdException"));
        assertNull(Reasons.inWords("   "));
        assertNull(Reasons.inWords(null));
        for (String words : List.of(
                "Login failure (InvalidLogin)",
                "connection refused",
                "vpx://vc.example.com/DC0/DC0_C0 names a cluster: DC0/DC0_C0/DC0_C0_H0, DC0/DC0_H0",
                "sun.example.com:443 did not answer",
                "[LocalDS_0] web/web.vmdk",
                "Error: disk full",
                "kvm: cannot start 1b4e: Requested operation is not valid: domain is already running",
                "the BMC at 127.0.0.1:623 answered request 0x06/0x01 with: node busy (0xc0)",
                "internal error: unknown  spacing (kept)")) {
            assertEquals(words, Reasons.inWords(words));
            assertFalse(words, Reasons.showsCode(words));
        }
    }

    @Test
    public void codeIsRecognised() {
        for (String code : List.of(
                "ClosedChannelException",
                "java.io.EOFException",
                "did not answer: ClosedChannelException (Transport)",
                "at sun.nio.ch.SocketChannelImpl",
                "failed\n\tat org.acme.Driver.open(Driver.java:12)",
                "x Caused by: y",
                "java.lang.OutOfMemoryError: Java heap space",
                "org.strata.driver.esx.EsxSession")) {
            assertTrue(code, Reasons.showsCode(code));
        }
        assertFalse(Reasons.showsCode(null));
    }

    @Test
    public void noOutcomeIsAClassName() {
        List<Throwable> failures = List.of(
                new ConnectException(),
                new ClosedChannelException(),
                new EOFException(),
                new SocketTimeoutException(),
                new HttpTimeoutException(null),
                new HttpConnectTimeoutException(null),
                new UnknownHostException(),
                new UnresolvedAddressException(),
                new NoRouteToHostException(),
                new PortUnreachableException(),
                new SSLHandshakeException(null),
                new SSLException((String) null),
                new InterruptedIOException(),
                new IOException(),
                new SocketException(),
                new NoSuchFileException(null),
                new NullPointerException(),
                new IllegalStateException(),
                new RuntimeException(new Exception()),
                new UncheckedIOException(new IOException()),
                new StackOverflowError());
        for (Throwable failure : failures) {
            String words = Reasons.of(failure);
            assertFalse(
                    failure.getClass() + ": " + words,
                    words.isBlank()
                            || Reasons.showsCode(words)
                            || words.contains(failure.getClass().getSimpleName()));
        }
    }

    @Test
    public void timeoutsAreSaidAsPeopleWriteThem() {
        HttpTimeoutException e = new HttpTimeoutException("request timed out");
        assertEquals("timed out after 500 ms", Reasons.of(e, Duration.ofMillis(500)));
        assertEquals("timed out after 1500 ms", Reasons.of(e, Duration.ofMillis(1500)));
        assertEquals("timed out after 90 s", Reasons.of(e, Duration.ofSeconds(90)));
        assertEquals("timed out after 2 min", Reasons.of(e, Duration.ofMinutes(2)));
        assertEquals("timed out after 90 min", Reasons.of(e, Duration.ofMinutes(90)));
        assertEquals("timed out after 2 h", Reasons.of(e, Duration.ofHours(2)));
        assertEquals("timed out", Reasons.of(e, Duration.ZERO));
    }

    // ---- real peers on the loopback interface

    @Test
    public void aRefusedSocketConnectionIsRefused() throws Exception {
        int port = closedPort();
        IOException e = assertThrows(IOException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            }
        });
        assertEquals("connection refused", Reasons.of(e));
    }

    /** The original finding: this JDK's HttpClient reports a refusal as ClosedChannelException, without a message. */
    @Test
    public void aRefusedHttpConnectionIsRefusedNotClosed() throws Exception {
        int port = closedPort();
        IOException e = assertThrows(IOException.class, () -> post(URI.create("http://127.0.0.1:" + port + "/sdk")));
        assertEquals("connection refused", Reasons.of(e));
    }

    @Test
    public void aServerThatClosesTheConnectionClosedIt() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread closer = new Thread(() -> {
                try (Socket accepted = server.accept()) {
                    // The whole request is read first: closing with unread bytes would reset the connection.
                    readRequest(accepted);
                } catch (IOException ignored) {
                    // the client's assertion says what went wrong
                }
            });
            closer.start();
            IOException e = assertThrows(
                    IOException.class, () -> post(URI.create("http://127.0.0.1:" + server.getLocalPort() + "/sdk")));
            closer.join();
            assertEquals("the connection was closed", Reasons.of(e));
        }
    }

    /** Reads one HTTP request, headers and Content-Length body, and no more. */
    static void readRequest(Socket socket) throws IOException {
        java.io.InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length =
                java.util.regex.Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
        if (length.find()) {
            in.readNBytes(Integer.parseInt(length.group(1)));
        }
    }

    private static <T extends Throwable> T causedBy(T failure, Throwable cause) {
        failure.initCause(cause);
        return failure;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void post(URI uri) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("<x/>"))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
