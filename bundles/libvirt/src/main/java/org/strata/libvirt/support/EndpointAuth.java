package org.strata.libvirt.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.libvirt.ConnectAuth;
import org.libvirt.jna.virConnectCredential;
import org.strata.spi.Endpoint;

/**
 * Answers libvirt's credential requests (SASL, SSH password prompts) from the endpoint. The password only ever
 * goes into the credential libvirt asked for: never into a log line or a message.
 *
 * <p>libvirt frees each answer with {@code free()}; libvirt-java 0.5.4 hands it memory that JNA owns, which
 * corrupts the heap on the first authenticated connection. So the answers are written here, in memory from
 * {@code malloc}, straight into libvirt's credential array.
 */
final class EndpointAuth extends ConnectAuth {

    /**
     * In {@code struct virConnectCredential { int type; char *prompt, *challenge, *defresult, *result;
     * unsigned int resultlen; }} the result follows the int (padded to a pointer's size) and three pointers.
     */
    private static final int RESULT_OFFSET = 4 * Native.POINTER_SIZE;
    private static final int RESULT_LENGTH_OFFSET = 5 * Native.POINTER_SIZE;

    private final Endpoint endpoint;

    EndpointAuth(Endpoint endpoint) {
        this.endpoint = endpoint;
        credType = new CredentialType[] {CredentialType.VIR_CRED_AUTHNAME, CredentialType.VIR_CRED_USERNAME,
            CredentialType.VIR_CRED_PASSPHRASE, CredentialType.VIR_CRED_NOECHOPROMPT};
    }

    static EndpointAuth forEndpoint(Endpoint endpoint) {
        boolean hasUser = endpoint.username() != null && !endpoint.username().isBlank();
        return hasUser || !endpoint.password().isEmpty() ? new EndpointAuth(endpoint) : null;
    }

    @Override
    public int authCallback(virConnectCredential cred, int ncred, Pointer cbdata) {
        // JNA would write the (empty) Java fields back over our answers when the callback returns
        cred.setAutoWrite(false);
        int stride = cred.size();
        Pointer base = cred.getPointer();
        for (int i = 0; i < ncred; i++) {
            Pointer c = base.share((long) i * stride);
            byte[] answer = answer(CredentialType.mapFromInt(c.getInt(0)));
            if (answer == null) {
                return -1;
            }
            Pointer result = new Pointer(Native.malloc(answer.length + 1L));
            result.write(0, answer, 0, answer.length);
            result.setByte(answer.length, (byte) 0);
            Arrays.fill(answer, (byte) 0);
            c.setPointer(RESULT_OFFSET, result);
            c.setInt(RESULT_LENGTH_OFFSET, answer.length);
        }
        return 0;
    }

    private byte[] answer(CredentialType type) {
        switch (type) {
            case VIR_CRED_AUTHNAME, VIR_CRED_USERNAME -> {
                return endpoint.username() == null ? null : endpoint.username().getBytes(StandardCharsets.UTF_8);
            }
            case VIR_CRED_PASSPHRASE, VIR_CRED_NOECHOPROMPT -> {
                if (endpoint.password().isEmpty()) {
                    return null;
                }
                char[] password = endpoint.password().reveal();
                byte[] bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password)).array();
                Arrays.fill(password, '\0');
                int length = 0;
                while (length < bytes.length && bytes[length] != 0) {
                    length++;
                }
                byte[] exact = Arrays.copyOf(bytes, length);
                Arrays.fill(bytes, (byte) 0);
                return exact;
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
}
