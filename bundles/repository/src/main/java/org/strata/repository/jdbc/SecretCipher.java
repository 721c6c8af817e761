package org.strata.repository.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

/**
 * Encrypts secrets at rest with AES-256-GCM. Each value gets a fresh random 12-byte IV and is stored as
 * {@code "v1:" + base64(iv || ciphertext-with-tag)}; the prefix leaves room for a later scheme or key rotation.
 *
 * <p>The key is 32 random bytes, kept base64-encoded in a key file readable by its owner only. The file is
 * created the first time a secret is encrypted or decrypted and read on every later start. Losing it makes
 * the stored secrets unreadable: decryption then fails with a clear INTERNAL error rather than yielding garbage,
 * since GCM authenticates every value.
 */
public final class SecretCipher {

    static final String PREFIX = "v1:";

    private static final Logger LOG = LoggerFactory.getLogger(SecretCipher.class);
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Path keyFile;
    private final SecureRandom random = new SecureRandom();
    private SecretKey key; // loaded or created on first use, guarded by this

    public SecretCipher(Path keyFile) {
        this.keyFile = keyFile.toAbsolutePath();
    }

    public String encrypt(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array();
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            LOG.error("Encrypting a secret failed", e);
            throw new StrataException(ErrorCode.INTERNAL, "a secret could not be encrypted");
        }
    }

    /** Decrypts into a char array, so that callers can wipe it after use. */
    public char[] decrypt(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            throw new StrataException(ErrorCode.INTERNAL, "a stored secret has an unknown format");
        }
        byte[] data;
        try {
            data = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new StrataException(ErrorCode.INTERNAL, "a stored secret is corrupt");
        }
        if (data.length < IV_BYTES + TAG_BITS / 8) {
            throw new StrataException(ErrorCode.INTERNAL, "a stored secret is corrupt");
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            plain = cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
            var chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(plain));
            char[] result = Arrays.copyOfRange(chars.array(), chars.position(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            return result;
        } catch (AEADBadTagException e) {
            LOG.error("A stored secret does not match the key in {}: the key file was replaced or lost", keyFile);
            throw new StrataException(
                    ErrorCode.INTERNAL,
                    "a stored secret cannot be decrypted: the secret key file does not match the one it was encrypted with");
        } catch (GeneralSecurityException e) {
            LOG.error("Decrypting a secret failed", e);
            throw new StrataException(ErrorCode.INTERNAL, "a stored secret cannot be decrypted");
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private synchronized SecretKey key() {
        if (key == null) {
            key = new SecretKeySpec(loadOrCreate(), "AES");
        }
        return key;
    }

    private byte[] loadOrCreate() {
        try {
            if (!Files.exists(keyFile)) {
                try {
                    return create();
                } catch (FileAlreadyExistsException raced) {
                    // Another process created it between the check and now: use theirs.
                }
            }
            return read();
        } catch (IOException e) {
            LOG.error("Cannot read or create the secret key file {}", keyFile, e);
            throw new StrataException(ErrorCode.INTERNAL, "the secret key file cannot be read or created");
        }
    }

    private byte[] create() throws IOException {
        byte[] fresh = new byte[KEY_BYTES];
        random.nextBytes(fresh);
        OwnerOnlyFiles.createNew(keyFile, Base64.getEncoder().encode(fresh));
        LOG.info("Created a new secret key file {}", keyFile);
        return fresh;
    }

    private byte[] read() throws IOException {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder()
                    .decode(Files.readString(keyFile, StandardCharsets.US_ASCII).trim());
        } catch (IllegalArgumentException e) {
            decoded = new byte[0];
        }
        if (decoded.length != KEY_BYTES) {
            LOG.error("The secret key file {} does not hold a base64-encoded {}-byte key", keyFile, KEY_BYTES);
            throw new StrataException(ErrorCode.INTERNAL, "the secret key file is not a valid key");
        }
        return decoded;
    }
}
