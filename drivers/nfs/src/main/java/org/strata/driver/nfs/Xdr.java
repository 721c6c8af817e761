package org.strata.driver.nfs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** XDR (RFC 4506), the encoding of ONC RPC: big-endian 4-byte units, opaque data padded to a multiple of 4. */
final class Xdr {

    private Xdr() {}

    /** Builds a message. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

        Out u32(long v) {
            bytes.write((int) (v >>> 24));
            bytes.write((int) (v >>> 16));
            bytes.write((int) (v >>> 8));
            bytes.write((int) v);
            return this;
        }

        Out u64(long v) {
            return u32(v >>> 32).u32(v & 0xffffffffL);
        }

        Out bool(boolean v) {
            return u32(v ? 1 : 0);
        }

        /** Fixed-length opaque data (a cookie verifier): no length word. */
        Out fixed(byte[] data) {
            bytes.write(data, 0, data.length);
            pad(data.length);
            return this;
        }

        Out opaque(byte[] data) {
            u32(data.length);
            return fixed(data);
        }

        Out string(String s) {
            return opaque(s.getBytes(StandardCharsets.UTF_8));
        }

        private void pad(int length) {
            for (int i = length; i % 4 != 0; i++) {
                bytes.write(0);
            }
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
        }
    }

    /** Reads a message; a message shorter than what is read is a protocol error, not an index error. */
    static final class In {
        private final ByteBuffer buffer;

        In(byte[] data) {
            this.buffer = ByteBuffer.wrap(data);
        }

        private void need(int n) {
            if (buffer.remaining() < n) {
                throw new ProtocolException("the server's answer ended early");
            }
        }

        long u32() {
            need(4);
            return buffer.getInt() & 0xffffffffL;
        }

        int i32() {
            need(4);
            return buffer.getInt();
        }

        long u64() {
            need(8);
            return buffer.getLong();
        }

        boolean bool() {
            return u32() != 0;
        }

        byte[] fixed(int length) {
            need(length);
            byte[] data = new byte[length];
            buffer.get(data);
            skip((4 - length % 4) % 4);
            return data;
        }

        byte[] opaque(int max) {
            long length = u32();
            if (length > max) {
                throw new ProtocolException("the server sent " + length + " bytes where at most " + max + " fit");
            }
            return fixed((int) length);
        }

        String string(int max) {
            return new String(opaque(max), StandardCharsets.UTF_8);
        }

        void skip(int n) {
            need(n);
            buffer.position(buffer.position() + n);
        }
    }

    /** An answer that does not follow the protocol. */
    static final class ProtocolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProtocolException(String message) {
            super(message);
        }
    }
}
