package org.strata.driver.libvirt.storage;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import org.libvirt.ConnectAuth;
import org.libvirt.jna.virConnectCredential;
import org.strata.spi.Secret;

/**
 * Answers libvirt's SASL questions (user name and password) from the endpoint, for daemons that listen with
 * authentication (qemu+tcp with SASL, or test:/// host files with an auth section).
 *
 * <p>libvirt-java 0.5.4's own {@code authCallback} hands libvirt the answers as JNA-owned native strings; libvirt
 * takes ownership and frees them, and JNA frees them again later: a double free that corrupted the heap and
 * crashed test JVMs at random (SIGSEGV in libc). This class answers at the native level instead: each answer
 * is copied into memory from {@code malloc}, which libvirt then owns and frees, exactly as its C API expects.
 * The password is revealed only while libvirt asks, and its Java copies are wiped.
 */
final class PasswordAuth extends ConnectAuth {

    private final String username;
    private final Secret password;

    PasswordAuth(String username, Secret password) {
        this.username = username;
        this.password = password;
        credType = new CredentialType[] {
            CredentialType.VIR_CRED_AUTHNAME, CredentialType.VIR_CRED_USERNAME,
            CredentialType.VIR_CRED_PASSPHRASE, CredentialType.VIR_CRED_NOECHOPROMPT,
        };
    }

    @Override
    public int authCallback(virConnectCredential cred, int ncred, Pointer cbdata) {
        // JNA writes a structure argument back after the callback; that would overwrite the answers with nulls.
        cred.setAutoWrite(false);
        Pointer base = cred.getPointer();
        int stride = cred.size();
        int pointer = Native.POINTER_SIZE;
        // struct virConnectCredential { int type; char *prompt, *challenge, *defresult, *result; unsigned resultlen; }
        long resultOffset = 4L * pointer;
        long lengthOffset = 5L * pointer;
        byte[][] answers = new byte[ncred][];
        try {
            for (int i = 0; i < ncred; i++) {
                answers[i] = answer(base.getInt((long) i * stride));
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
                Pointer copy = new Pointer(memory);
                copy.write(0, answer, 0, answer.length);
                copy.setByte(answer.length, (byte) 0);
                base.setPointer((long) i * stride + resultOffset, copy);
                base.setInt((long) i * stride + lengthOffset, answer.length);
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

    /** The answer to one question, or null for one this driver cannot answer (which ends the handshake). */
    private byte[] answer(int type) {
        if (type == CredentialType.VIR_CRED_AUTHNAME.mapToInt() || type == CredentialType.VIR_CRED_USERNAME.mapToInt()) {
            return username == null ? null : username.getBytes(StandardCharsets.UTF_8);
        }
        if (type == CredentialType.VIR_CRED_PASSPHRASE.mapToInt()
                || type == CredentialType.VIR_CRED_NOECHOPROMPT.mapToInt()) {
            if (password.isEmpty()) {
                return null;
            }
            char[] chars = password.reveal();
            ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
            Arrays.fill(chars, '\0');
            byte[] bytes = new byte[encoded.remaining()];
            encoded.get(bytes);
            if (encoded.hasArray()) {
                Arrays.fill(encoded.array(), (byte) 0);
            }
            return bytes;
        }
        return null;
    }

    /** Never called: {@link #authCallback} answers libvirt directly. */
    @Override
    public int callback(Credential[] credentials) {
        return -1;
    }

    @Override
    public String toString() {
        return "PasswordAuth[" + username + ", " + password + "]";
    }
}
