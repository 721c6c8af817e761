package org.strata.vsphere.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server on the loopback interface that fails the way networks do, on real sockets, so that a client sees what the
 * JDK raises: it reads each HTTP request whole and then {@link Behaviour#CLOSES closes} the connection without a
 * reply, or {@link Behaviour#STAYS_SILENT never answers}.
 */
public final class BrokenServer implements AutoCloseable {

    public enum Behaviour {
        CLOSES,
        STAYS_SILENT
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private BrokenServer(ServerSocket server, Behaviour behaviour) {
        this.server = server;
        this.behaviour = behaviour;
        this.acceptor = new Thread(this::serve, "broken-server-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    public static BrokenServer start(Behaviour behaviour) throws IOException {
        BrokenServer s = new BrokenServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), behaviour);
        s.acceptor.start();
        return s;
    }

    /** {@code 127.0.0.1:PORT} */
    public String authority() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** {@code http://127.0.0.1:PORT/sdk} */
    public URI sdk() {
        return URI.create("http://" + authority() + "/sdk");
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket accepted = server.accept();
                held.add(accepted); // closed by close() even while a request is being read
                // The request is read whole first: closing with bytes unread would reset the connection instead.
                readRequest(accepted.getInputStream());
                if (behaviour == Behaviour.CLOSES) {
                    accepted.close();
                    held.remove(accepted);
                }
            } catch (IOException e) {
                // closed, or the client gave up: the next accept says which
            }
        }
    }

    private static void readRequest(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.readNBytes(Integer.parseInt(
                        line.substring("content-length:".length()).trim()));
            }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        for (Socket s : held) {
            s.close();
        }
        acceptor.join();
    }
}
