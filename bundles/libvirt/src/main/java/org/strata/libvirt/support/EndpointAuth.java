package org.strata.libvirt.support;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.libvirt.ConnectAuth;
import org.libvirt.jna.virConnectCredential;
import org.strata.spi.Endpoint;

/**
 * Answers libvirt's credential requests (SASL, SSH password prompts) from the endpoint, for every libvirt-based
 * driver: pass it to {@code new Connect(uri, auth, 0)}. The password only ever goes into the credential libvirt
 * asked for: never into a log line or a message.
 *
 * <p>libvirt frees each answer with {@code free()}; libvirt-java 0.5.4's own {@code authCallback} hands it memory
 * that JNA owns and frees again later, a double free that corrupted the heap and crashed JVMs at random after a
 * few hundred authenticated connections. So the answers are written here, in memory from {@code malloc} that
 * libvirt then owns, straight into libvirt's credential array; the Java copies are wiped.
 */
public final class EndpointAuth extends ConnectAuth {

    /**
     * In {@code struct virConnectCredential { int type; char *prompt, *challenge, *defresult, *result;
     * unsigned int resultlen; }} the result follows the int (padded to a pointer's size) and three pointers.
     */
    private static final long RESULT_OFFSET = 4L * Native.POINTER_SIZE;

    private static final long RESULT_LENGTH_OFFSET = 5L * Native.POINTER_SIZE;

    private final Endpoint endpoint;

    private EndpointAuth(Endpoint endpoint) {
        this.endpoint = endpoint;
        credType = new CredentialType[] {
            CredentialType.VIR_CRED_AUTHNAME,
            CredentialType.VIR_CRED_USERNAME,
            CredentialType.VIR_CRED_PASSPHRASE,
            CredentialType.VIR_CRED_NOECHOPROMPT
        };
    }

    /** The answers for an endpoint that has a user or a password, or null when it has neither. */
    public static EndpointAuth forEndpoint(Endpoint endpoint) {
        boolean hasUser = endpoint.username() != null && !endpoint.username().isBlank();
        return hasUser || !endpoint.password().isEmpty() ? new EndpointAuth(endpoint) : null;
    }

    @Override
    public int authCallback(virConnectCredential cred, int ncred, Pointer cbdata) {
        // JNA would write the (empty) Java fields back over our answers when the callback returns
        cred.setAutoWrite(false);
        int stride = cred.size();
        Pointer base = cred.getPointer();
        byte[][] answers = new byte[ncred][];
        try {
            // Every question answerable before any memory is handed over: a refusal leaves nothing for libvirt to free.
            for (int i = 0; i < ncred; i++) {
                answers[i] = answer(CredentialType.mapFromInt(base.getInt((long) i * stride)));
                if (answers[i] == null) {
                    return -1;
                }
            }
            for (int i = 0; i < ncred; i++) {
                byte[] answer = answers[i];
                long memory = Native.malloc(answer.length + 1L);
                if (memory == 0) {
                    return -1;
                }
                Pointer result = new Pointer(memory);
                result.write(0, answer, 0, answer.length);
                result.setByte(answer.length, (byte) 0);
                base.setPointer((long) i * stride + RESULT_OFFSET, result);
                base.setInt((long) i * stride + RESULT_LENGTH_OFFSET, answer.length);
            }
            return 0;
        } finally {
            for (byte[] answer : answers) {
                if (answer != null) {
                    Arrays.fill(answer, (byte) 0);
                }
            }
        }
    }

    /** The answer to one question, or null for one that cannot be answered (which ends the handshake). */
    private byte[] answer(CredentialType type) {
        switch (type) {
            case VIR_CRED_AUTHNAME, VIR_CRED_USERNAME -> {
                return endpoint.username() == null ? null : endpoint.username().getBytes(StandardCharsets.UTF_8);
            }
            case VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT -> {
                if (endpoint.password().isEmpty()) {
                    return null;
                }
                char[] chars = endpoint.password().reveal();
                ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
                Arrays.fill(chars, '\0');
                byte[] bytes = new byte[encoded.remaining()];
                encoded.get(bytes);
                if (encoded.hasArray()) {
                    if (encoded.hasArray()) {
                        Arrays.fill(encoded.array(), (byte) 0);
                    }
                }
                return bytes;
            }
            default -> {
                return null;
            }
        }
    }

    /** Never called: {@link #authCallback} answers directly. */
    @Override
    public int callback(Credential[] credentials) {
        return -1;
    }

    @Override
    public String toString() {
        return "EndpointAuth[" + endpoint.username() + ", " + endpoint.password() + "]";
    }
}
