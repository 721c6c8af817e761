package org.strata.ipmi.lan;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;

/**
 * One IPMI 2.0 RMCP+ session with a BMC, cipher suite 3 (RAKP-HMAC-SHA1, HMAC-SHA1-96, AES-CBC-128), at
 * Administrator privilege. Our own implementation instead of ipmi-java's connector, because that connector
 * (1) sometimes fails the RAKP integrity check when several sessions open at once on one connector (its
 * handshake state is shared), (2) costs four threads per connector, and (3) has no way to send the raw
 * requests this driver needs (Get Device ID, boot options, power cycle). Here every exchange is a blocking
 * send/receive on a pooled socket, serialised per session; nothing runs in the background.
 */
public final class RmcpPlusSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RmcpPlusSession.class);

    private static final int PAYLOAD_IPMI = 0x00;
    private static final int OPEN_REQUEST = 0x10;
    private static final int OPEN_RESPONSE = 0x11;
    private static final int RAKP1 = 0x12;
    private static final int RAKP2 = 0x13;
    private static final int RAKP3 = 0x14;
    private static final int RAKP4 = 0x15;
    private static final int ADMINISTRATOR = 0x04;
    private static final int HANDSHAKE_ATTEMPTS = 3;

    private final BmcAddress address;
    private final InetSocketAddress target;
    private final DatagramPool pool;
    private final long timeoutMs;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();

    /** The user and its key, kept to open the session again when the BMC forgets it (restart, idle timeout). */
    private byte[] userName;

    private byte[] userKey;
    private byte[] k1;
    private byte[] aesKey;
    private int consoleSessionId;
    private int bmcSessionId;
    private int outboundSeq;
    private int requestSeq;
    /** True while a session is established; after a lost session it is false until the next handshake. */
    private boolean open;
    /** True once closed or refused: no more requests, the key is wiped. */
    private boolean closed;

    private RmcpPlusSession(BmcAddress address, InetSocketAddress target, DatagramPool pool, long timeoutMs) {
        this.address = address;
        this.target = target;
        this.pool = pool;
        this.timeoutMs = timeoutMs;
    }

    /** Opens a session: Open Session, RAKP 1-4, then Set Session Privilege Level to Administrator. */
    public static RmcpPlusSession open(
            BmcAddress address, String user, char[] password, DatagramPool pool, long timeoutMs) {
        InetAddress host;
        try {
            host = InetAddress.getByName(address.host());
        } catch (UnknownHostException e) {
            throw new DriverException(Fault.UNREACHABLE, "unknown BMC host '" + address.host() + "'");
        }
        RmcpPlusSession s = new RmcpPlusSession(address, new InetSocketAddress(host, address.port()), pool, timeoutMs);
        byte[] name = (user == null ? "" : user).getBytes(StandardCharsets.UTF_8);
        if (name.length > 16) {
            throw new DriverException(Fault.AUTHENTICATION_FAILED, "IPMI user names have at most 16 bytes");
        }
        byte[] kuid = new byte[20];
        // Encoded from the char[] directly: a String copy of the password could not be wiped.
        ByteBuffer pw = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        try {
            if (pw.remaining() > 20) {
                throw new DriverException(Fault.AUTHENTICATION_FAILED, "IPMI 2.0 passwords have at most 20 bytes");
            }
            pw.get(kuid, 0, pw.remaining());
        } finally {
            if (pw.hasArray()) {
                if (pw.hasArray()) {
                    Arrays.fill(pw.array(), (byte) 0);
                }
            }
        }
        s.userName = name;
        s.userKey = kuid;
        synchronized (s.lock) {
            try {
                s.authenticate();
            } catch (DriverException e) {
                s.forget();
                throw e;
            }
        }
        return s;
    }

    /** Handshake, then Administrator privilege. Caller holds the lock. */
    private void authenticate() {
        open = false;
        handshake(userName, userKey);
        IpmiResponse r = exchange(0x06, 0x3B, new byte[] {ADMINISTRATOR});
        if (r == null) {
            throw new DriverException(
                    Fault.UNREACHABLE, "the BMC at " + address + " did not answer within " + timeoutMs + " ms");
        }
        if (r.completionCode() != 0) {
            throw new DriverException(
                    Fault.AUTHENTICATION_FAILED,
                    "user '"
                            + new String(userName, StandardCharsets.UTF_8) + "' may not act as Administrator on "
                            + address + " (" + CompletionCodes.describe(r.completionCode()) + ")");
        }
    }

    private void forget() {
        open = false;
        closed = true;
        if (userKey != null) {
            Arrays.fill(userKey, (byte) 0);
        }
    }

    /**
     * The RAKP handshake. A RAKP 4 whose integrity check fails is retried with a fresh handshake (new session
     * ids and randoms): a lost or crossed packet must not fail the session. A RAKP 2 whose key exchange code
     * does not match is a wrong password, which no retry mends.
     */
    private void handshake(byte[] name, byte[] kuid) {
        DriverException last = null;
        for (int attempt = 1; attempt <= HANDSHAKE_ATTEMPTS; attempt++) {
            try {
                handshakeOnce(name, kuid);
                return;
            } catch (RetryableHandshakeException e) {
                last = new DriverException(Fault.DRIVER_FAILURE, e.getMessage());
                LOG.debug("RMCP+ handshake with {} failed (attempt {}): {}", address, attempt, e.getMessage());
            }
        }
        throw last;
    }

    private void handshakeOnce(byte[] name, byte[] kuid) throws RetryableHandshakeException {
        int tag = random.nextInt(256);
        consoleSessionId = random.nextInt() | 1;
        // Open Session Request: max privilege "highest the user has", cipher suite 3.
        byte[] openReq = concat(new byte[] {(byte) tag, 0, 0, 0}, le32(consoleSessionId), new byte[] {
            0, 0, 0, 8, 1, 0, 0, 0, 1, 0, 0, 8, 1, 0, 0, 0, 2, 0, 0, 8, 1, 0, 0, 0
        });
        byte[] openRes = exchangeClear(OPEN_REQUEST, openReq, OPEN_RESPONSE, tag);
        if (openRes[1] != 0) {
            throw statusFault("Open Session", openRes[1] & 0xFF);
        }
        if (openRes.length < 12 || le32(openRes, 4) != consoleSessionId) {
            throw new RetryableHandshakeException("Open Session answer for another session");
        }
        bmcSessionId = le32(openRes, 8);

        byte[] rm = new byte[16];
        random.nextBytes(rm);
        int role = 0x10 | ADMINISTRATOR; // name-only lookup, Administrator
        tag = (tag + 1) & 0xFF;
        byte[] rakp1 = concat(
                new byte[] {(byte) tag, 0, 0, 0},
                le32(bmcSessionId),
                rm,
                new byte[] {(byte) role, 0, 0, (byte) name.length},
                name);
        byte[] rakp2 = exchangeClear(RAKP1, rakp1, RAKP2, tag);
        int status = rakp2[1] & 0xFF;
        if (status != 0) {
            throw statusFault("RAKP 2", status);
        }
        if (rakp2.length < 60 || le32(rakp2, 4) != consoleSessionId) {
            throw new RetryableHandshakeException("RAKP 2 for another session");
        }
        byte[] rc = Arrays.copyOfRange(rakp2, 8, 24);
        byte[] guid = Arrays.copyOfRange(rakp2, 24, 40);
        byte[] bmcCode = Arrays.copyOfRange(rakp2, 40, 60);
        byte[] roleUser = concat(new byte[] {(byte) role, (byte) name.length}, name);
        byte[] expected = hmac(kuid, concat(le32(consoleSessionId), le32(bmcSessionId), rm, rc, guid, roleUser));
        if (!MessageDigest.isEqual(expected, bmcCode)) {
            throw new DriverException(
                    Fault.AUTHENTICATION_FAILED, "the BMC at " + address + " refused the user name or password");
        }
        byte[] sik = hmac(kuid, concat(rm, rc, roleUser));
        k1 = hmac(sik, filled(0x01));
        aesKey = Arrays.copyOf(hmac(sik, filled(0x02)), 16);

        tag = (tag + 1) & 0xFF;
        byte[] rakp3 = concat(
                new byte[] {(byte) tag, 0, 0, 0},
                le32(bmcSessionId),
                hmac(kuid, concat(rc, le32(consoleSessionId), roleUser)));
        byte[] rakp4 = exchangeClear(RAKP3, rakp3, RAKP4, tag);
        status = rakp4[1] & 0xFF;
        if (status == 0x0F || status == 0x0D || status == 0x12) {
            throw statusFault("RAKP 4", status);
        }
        if (status != 0) {
            throw new RetryableHandshakeException("RAKP 4 status: " + rmcpStatus(status));
        }
        byte[] icv = Arrays.copyOf(hmac(sik, concat(rm, le32(bmcSessionId), guid)), 12);
        if (rakp4.length < 20 || !MessageDigest.isEqual(icv, Arrays.copyOfRange(rakp4, 8, 20))) {
            throw new RetryableHandshakeException("RAKP 4 integrity check failed");
        }
        outboundSeq = 1;
        open = true;
    }

    /** Sends an IPMI request and returns its data; a completion code other than 0 is an exception. */
    public byte[] call(int netFn, int cmd, byte[] data) {
        IpmiResponse r = request(netFn, cmd, data);
        if (r.completionCode() != 0) {
            throw new IpmiCompletionException(r.completionCode(), address, netFn, cmd);
        }
        return r.data();
    }

    /**
     * Sends an IPMI request within the session and waits for its answer (resending while it waits). When no
     * answer comes the BMC may have forgotten the session (it restarted, or dropped it as idle): one fresh
     * handshake, then one more try.
     */
    public IpmiResponse request(int netFn, int cmd, byte[] data) {
        synchronized (lock) {
            if (closed) {
                throw new DriverException(Fault.DRIVER_FAILURE, "the session with " + address + " is closed");
            }
            IpmiResponse r = open ? exchange(netFn, cmd, data) : null;
            if (r == null) {
                LOG.debug("no answer from {}; opening the session again", address);
                try {
                    authenticate();
                } catch (DriverException e) {
                    if (e.fault() == Fault.AUTHENTICATION_FAILED) {
                        forget(); // the password changed: this session will not work again
                    }
                    throw e;
                }
                r = exchange(netFn, cmd, data);
            }
            if (r == null) {
                throw new DriverException(
                        Fault.UNREACHABLE, "the BMC at " + address + " did not answer within " + timeoutMs + " ms");
            }
            return r;
        }
    }

    /** One request/response within the session; null when no answer came in time. Caller holds the lock. */
    private IpmiResponse exchange(int netFn, int cmd, byte[] data) {
        return exchange(netFn, cmd, data, timeoutMs);
    }

    private IpmiResponse exchange(int netFn, int cmd, byte[] data, long waitMs) {
        requestSeq = (requestSeq + 1) & 0x3F;
        int seq = requestSeq;
        byte[] header = {0x20, (byte) (netFn << 2), 0};
        header[2] = checksum(header, 0, 2);
        byte[] body = concat(new byte[] {(byte) 0x81, (byte) (seq << 2), (byte) cmd}, data);
        byte[] msg = concat(header, body, new byte[] {checksum(body, 0, body.length)});
        long deadline = System.currentTimeMillis() + waitMs;
        DatagramSocket socket = pool.borrow(waitMs);
        try {
            long resend = Math.max(250, waitMs / 3);
            while (true) {
                send(socket, sessionPacket(msg));
                long until = Math.min(deadline, System.currentTimeMillis() + resend);
                byte[] payload;
                while ((payload = receiveSession(socket, until)) != null) {
                    if (payload.length >= 8
                            && (payload[4] & 0xFF) >> 2 == seq
                            && (payload[5] & 0xFF) == cmd
                            && ((payload[1] & 0xFF) >> 2) == (netFn | 1)) {
                        return new IpmiResponse(payload[6] & 0xFF, Arrays.copyOfRange(payload, 7, payload.length - 1));
                    }
                }
                if (System.currentTimeMillis() >= deadline) {
                    return null;
                }
            }
        } finally {
            pool.giveBack(socket);
        }
    }

    private byte[] sessionPacket(byte[] msg) {
        try {
            byte[] iv = new byte[16];
            random.nextBytes(iv);
            int padLength = (16 - (msg.length + 1) % 16) % 16;
            byte[] plain = new byte[msg.length + padLength + 1];
            System.arraycopy(msg, 0, plain, 0, msg.length);
            for (int i = 0; i < padLength; i++) {
                plain[msg.length + i] = (byte) (i + 1);
            }
            plain[plain.length - 1] = (byte) padLength;
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(iv));
            byte[] payload = concat(iv, aes.doFinal(plain));
            int seq = outboundSeq++;
            byte[] head =
                    concat(new byte[] {6, (byte) (0xC0 | PAYLOAD_IPMI)}, le32(bmcSessionId), le32(seq), new byte[] {
                        (byte) payload.length, (byte) (payload.length >> 8)
                    });
            int unpadded = head.length + payload.length + 2;
            int pad = (4 - unpadded % 4) % 4;
            byte[] trailer = new byte[pad + 2];
            Arrays.fill(trailer, 0, pad, (byte) 0xFF);
            trailer[pad] = (byte) pad;
            trailer[pad + 1] = 0x07;
            byte[] signed = concat(head, payload, trailer);
            byte[] code = Arrays.copyOf(hmac(k1, signed), 12);
            return concat(new byte[] {6, 0, (byte) 0xFF, 7}, signed, code);
        } catch (GeneralSecurityException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, "AES is not available in this Java runtime", e);
        }
    }

    /** The decrypted IPMI message of the next authentic packet of this session, or null at {@code until}. */
    private byte[] receiveSession(DatagramSocket socket, long until) {
        byte[] packet;
        while ((packet = receive(socket, until)) != null) {
            if (packet.length < 16 + 12
                    || packet[4] != 6
                    || (packet[5] & 0x3F) != PAYLOAD_IPMI
                    || (packet[5] & 0xC0) != 0xC0
                    || le32(packet, 6) != consoleSessionId) {
                continue;
            }
            int length = (packet[14] & 0xFF) | (packet[15] & 0xFF) << 8;
            if (16 + length + 2 + 12 > packet.length || length < 32 || length % 16 != 0) {
                continue;
            }
            byte[] signed = Arrays.copyOfRange(packet, 4, packet.length - 12);
            byte[] code = Arrays.copyOf(hmac(k1, signed), 12);
            if (!MessageDigest.isEqual(code, Arrays.copyOfRange(packet, packet.length - 12, packet.length))) {
                continue; // not ours, or tampered with: keep waiting for the real answer
            }
            try {
                Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
                aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new IvParameterSpec(packet, 16, 16));
                byte[] plain = aes.doFinal(packet, 32, length - 16);
                int pad = plain[plain.length - 1] & 0xFF;
                if (pad >= plain.length) {
                    continue;
                }
                return Arrays.copyOf(plain, plain.length - 1 - pad);
            } catch (GeneralSecurityException e) {
                // not this key: try the next
            }
        }
        return null;
    }

    /** A pre-session exchange (Open Session, RAKP): resent until the answer with our tag comes or time is up. */
    private byte[] exchangeClear(int type, byte[] payload, int answerType, int tag) {
        byte[] head = concat(new byte[] {6, 0, (byte) 0xFF, 7, 6, (byte) type}, new byte[8], new byte[] {
            (byte) payload.length, (byte) (payload.length >> 8)
        });
        byte[] packet = concat(head, payload);
        long deadline = System.currentTimeMillis() + timeoutMs;
        DatagramSocket socket = pool.borrow(timeoutMs);
        try {
            long resend = Math.max(250, timeoutMs / 3);
            while (true) {
                send(socket, packet);
                long until = Math.min(deadline, System.currentTimeMillis() + resend);
                byte[] answer;
                while ((answer = receive(socket, until)) != null) {
                    if (answer.length >= 18
                            && answer[4] == 6
                            && (answer[5] & 0x3F) == answerType
                            && (answer[16] & 0xFF) == tag) {
                        int length = (answer[14] & 0xFF) | (answer[15] & 0xFF) << 8;
                        byte[] body = Arrays.copyOfRange(answer, 16, Math.min(answer.length, 16 + length));
                        if (body.length >= 2) {
                            return body;
                        }
                    }
                }
                if (System.currentTimeMillis() >= deadline) {
                    throw new DriverException(
                            Fault.UNREACHABLE, "no BMC answered at " + address + " within " + timeoutMs + " ms");
                }
            }
        } finally {
            pool.giveBack(socket);
        }
    }

    private void send(DatagramSocket socket, byte[] packet) {
        try {
            socket.send(new DatagramPacket(packet, packet.length, target));
        } catch (IOException e) {
            throw new DriverException(Fault.UNREACHABLE, "cannot send to " + address + ": " + Reasons.of(e), e);
        }
    }

    /** The next datagram from the BMC, or null at {@code until}. */
    private byte[] receive(DatagramSocket socket, long until) {
        byte[] buffer = new byte[1024];
        while (true) {
            long left = until - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.setSoTimeout((int) Math.max(1, left));
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            } catch (IOException e) {
                // ICMP port unreachable surfaces as PortUnreachableException on connected sockets only;
                // an unconnected socket just times out, so any other error is the socket's own.
                throw new DriverException(
                        Fault.UNREACHABLE, "cannot receive from " + address + ": " + Reasons.of(e), e);
            }
            if (p.getAddress().equals(target.getAddress()) && p.getPort() == target.getPort()) {
                return Arrays.copyOf(p.getData(), p.getLength());
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (!open) {
                forget();
                return;
            }
            try {
                // Close Session; without an answer the BMC drops the session as idle anyway, so a short wait.
                exchange(0x06, 0x3C, le32(bmcSessionId), Math.min(timeoutMs, 500));
            } catch (DriverException e) {
                LOG.debug("closing the session with {}: {}", address, e.getMessage());
            } finally {
                forget();
            }
        }
    }

    public BmcAddress address() {
        return address;
    }

    private DriverException statusFault(String step, int status) {
        Fault fault = switch (status) {
            case 0x0D, 0x0F, 0x12, 0x0E, 0x09 -> Fault.AUTHENTICATION_FAILED;
            default -> Fault.DRIVER_FAILURE;
        };
        String text = fault == Fault.AUTHENTICATION_FAILED
                ? "the BMC at " + address + " refused the user name or password (" + rmcpStatus(status) + ")"
                : "the BMC at " + address + " refused the session at " + step + ": " + rmcpStatus(status);
        return new DriverException(fault, text);
    }

    static String rmcpStatus(int code) {
        return switch (code) {
            case 0x01 -> "insufficient resources to create a session";
            case 0x02 -> "invalid session id";
            case 0x03 -> "invalid payload type";
            case 0x04 -> "invalid authentication algorithm";
            case 0x05 -> "invalid integrity algorithm";
            case 0x06 -> "no matching authentication payload";
            case 0x07 -> "no matching integrity payload";
            case 0x08 -> "inactive session id";
            case 0x09 -> "invalid role";
            case 0x0A -> "unauthorized role or privilege level requested";
            case 0x0B -> "insufficient resources to create a session at the requested role";
            case 0x0C -> "invalid name length";
            case 0x0D -> "unauthorized name";
            case 0x0E -> "unauthorized GUID";
            case 0x0F -> "invalid integrity check value";
            case 0x10 -> "invalid confidentiality algorithm";
            case 0x11 -> "no cipher suite match with proposed security algorithms";
            case 0x12 -> "illegal or unrecognized parameter";
            default -> String.format("status 0x%02x", code);
        };
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            // An all-zero key (empty password) is legal in IPMI; SecretKeySpec refuses only an empty array.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[20] : key, "HmacSHA1"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new DriverException(Fault.DRIVER_FAILURE, "HMAC-SHA1 is not available in this Java runtime", e);
        }
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[20];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static byte checksum(byte[] b, int from, int to) {
        int sum = 0;
        for (int i = from; i < to; i++) {
            sum += b[i];
        }
        return (byte) -sum;
    }

    static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static int le32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** A handshake step that a fresh handshake may well pass (a crossed or stale packet). */
    private static final class RetryableHandshakeException extends Exception {
        private static final long serialVersionUID = 1L;

        RetryableHandshakeException(String message) {
            super(message, null, false, false);
        }
    }
}
