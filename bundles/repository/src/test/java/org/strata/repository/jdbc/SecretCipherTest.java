package org.strata.repository.jdbc;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.strata.repository.jdbc.ConfigRepositoryContractTest.expect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

public class SecretCipherTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void roundTripsWithAFreshIvEachTime() {
        SecretCipher cipher = new SecretCipher(temp.getRoot().toPath().resolve("key"));
        String a = cipher.encrypt("hunter2 ünïcode");
        String b = cipher.encrypt("hunter2 ünïcode");
        assertTrue(a.startsWith("v1:"));
        assertNotEquals(a, b);
        assertFalse(a.contains("hunter2"));
        // 12-byte IV + 15 UTF-8 bytes... + 16-byte tag
        assertEquals(
                12 + "hunter2 ünïcode".getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 16,
                Base64.getDecoder().decode(a.substring(3)).length);
        assertArrayEquals("hunter2 ünïcode".toCharArray(), cipher.decrypt(a));
        assertArrayEquals("hunter2 ünïcode".toCharArray(), cipher.decrypt(b));
        assertArrayEquals(new char[0], cipher.decrypt(cipher.encrypt("")));
    }

    @Test
    public void createsAnOwnerOnlyKeyFileOnFirstUseAndReadsItLater() throws Exception {
        Path keyFile = temp.getRoot().toPath().resolve("etc/nested/strata-secret.key");
        SecretCipher first = new SecretCipher(keyFile);
        assertFalse("no key file before first use", Files.exists(keyFile));
        String sealed = first.encrypt("pw");
        assertTrue(Files.exists(keyFile));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(keyFile).trim()).length);

        SecretCipher later = new SecretCipher(keyFile);
        assertArrayEquals("pw".toCharArray(), later.decrypt(sealed));
        try (var files = Files.list(keyFile.getParent())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    public void aDifferentKeyIsAClearInternalError() throws Exception {
        String sealed = new SecretCipher(temp.newFile("a").toPath().resolveSibling("key-a")).encrypt("pw");
        SecretCipher other = new SecretCipher(temp.getRoot().toPath().resolve("key-b"));
        StrataException e = expect(ErrorCode.INTERNAL, () -> other.decrypt(sealed));
        assertTrue(e.getMessage(), e.getMessage().contains("does not match"));
    }

    @Test
    public void tamperedOrForeignValuesAreRejected() {
        SecretCipher cipher = new SecretCipher(temp.getRoot().toPath().resolve("key"));
        String sealed = cipher.encrypt("pw");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        raw[raw.length - 1] ^= 1;
        expect(
                ErrorCode.INTERNAL,
                () -> cipher.decrypt("v1:" + Base64.getEncoder().encodeToString(raw)));
        expect(ErrorCode.INTERNAL, () -> cipher.decrypt("pw"));
        expect(ErrorCode.INTERNAL, () -> cipher.decrypt("v1:not base64!"));
        expect(ErrorCode.INTERNAL, () -> cipher.decrypt("v1:AAAA"));
    }

    @Test
    public void aBrokenKeyFileIsAClearInternalError() throws Exception {
        Path keyFile = temp.getRoot().toPath().resolve("key");
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(new byte[16]));
        StrataException e = expect(ErrorCode.INTERNAL, () -> new SecretCipher(keyFile).encrypt("pw"));
        assertEquals("the secret key file is not a valid key", e.getMessage());
        Files.writeString(keyFile, "garbage");
        expect(ErrorCode.INTERNAL, () -> new SecretCipher(keyFile).encrypt("pw"));
    }
}
