package org.strata.driver.nfs;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One ONC RPC (RFC 5531) connection over TCP, with record marking and AUTH_SYS credentials. Calls are made one at a
 * time (the caller holds the connection for one operation), so replies need no matching beyond the xid check.
 */
final class RpcConnection implements AutoCloseable {

    private static final int LAST_FRAGMENT = 0x80000000;
    /** Far above any answer this driver asks for (a directory page, a 32-byte header), far below a memory problem. */
    private static final int MAX_REPLY = 4 << 20;

    private static final int AUTH_NONE = 0;
    private static final int AUTH_SYS = 1;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Credentials credentials;
    private int xid;

    /** Who the calls are made as (AUTH_SYS carries no password: the server trusts the client's word). */
    record Credentials(int uid, int gid, String machine) {}

    private RpcConnection(Socket socket, Credentials credentials) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.credentials = credentials;
        this.xid = (int) (System.nanoTime() ^ System.identityHashCode(this));
    }

    static RpcConnection open(InetSocketAddress address, Credentials credentials, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            return new RpcConnection(socket, credentials);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Calls one procedure and returns the reader positioned at the procedure's results.
     *
     * @throws RpcException when the server refused the call itself (program, version, credentials)
     */
    Xdr.In call(int program, int version, int procedure, Xdr.Out args) throws IOException {
        int id = ++xid;
        Xdr.Out msg = new Xdr.Out()
                .u32(id)
                .u32(0) // CALL
                .u32(2) // RPC version
                .u32(program)
                .u32(version)
                .u32(procedure);
        credentials(msg);
        msg.u32(AUTH_NONE).u32(0); // verifier
        byte[] head = msg.toByteArray();
        byte[] body = args == null ? new byte[0] : args.toByteArray();
        int length = head.length + body.length;
        byte[] mark = {
            (byte) ((LAST_FRAGMENT | length) >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
        };
        out.write(mark);
        out.write(head);
        out.write(body);
        out.flush();

        Xdr.In reply = new Xdr.In(readRecord());
        if (reply.i32() != id) {
            throw new Xdr.ProtocolException("the server answered another call");
        }
        if (reply.u32() != 1) {
            throw new Xdr.ProtocolException("the server sent a call instead of a reply");
        }
        if (reply.u32() != 0) { // MSG_DENIED
            long why = reply.u32();
            throw new RpcException(
                    why == 1 ? RpcException.Kind.AUTH : RpcException.Kind.MISMATCH,
                    why == 1
                            ? "the server refused the credentials (RPC auth error " + reply.u32() + ")"
                            : "the server does not speak this RPC version");
        }
        reply.u32(); // verifier flavour
        reply.opaque(400);
        long accept = reply.u32();
        if (accept != 0) {
            throw new RpcException(
                    RpcException.Kind.UNAVAILABLE,
                    switch ((int) accept) {
                        case 1 -> "the server does not offer RPC program " + program;
                        case 2 -> "the server does not offer version " + version + " of RPC program " + program;
                        case 3 -> "the server does not offer procedure " + procedure + " of RPC program " + program;
                        case 4 -> "the server could not decode the request";
                        default -> "the server failed the call (RPC status " + accept + ")";
                    });
        }
        return reply;
    }

    private void credentials(Xdr.Out msg) {
        byte[] body = new Xdr.Out()
                .u32(0) // stamp
                .string(credentials.machine())
                .u32(credentials.uid())
                .u32(credentials.gid())
                .u32(0) // no supplementary groups
                .toByteArray();
        msg.u32(AUTH_SYS).opaque(body);
    }

    private byte[] readRecord() throws IOException {
        byte[] all = new byte[0];
        boolean last;
        do {
            int mark = in.readInt();
            last = (mark & LAST_FRAGMENT) != 0;
            int length = mark & ~LAST_FRAGMENT;
            if (length < 0 || all.length + (long) length > MAX_REPLY) {
                throw new Xdr.ProtocolException("the server's answer is too long");
            }
            byte[] next = new byte[all.length + length];
            System.arraycopy(all, 0, next, 0, all.length);
            in.readFully(next, all.length, length);
            all = next;
        } while (!last);
        return all;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do with a socket that will not close
        }
    }

    static String machineName() {
        String name = System.getenv("HOSTNAME");
        name = name == null || name.isBlank() ? "strata" : name;
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return bytes.length > 255 ? "strata" : name;
    }

    /** The server refused the call itself, not the operation. */
    static final class RpcException extends IOException {
        private static final long serialVersionUID = 1L;

        enum Kind {
            AUTH,
            MISMATCH,
            UNAVAILABLE
        }

        private final Kind kind;

        RpcException(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        Kind kind() {
            return kind;
        }
    }
}
