package org.strata.repository.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

/**
 * The embedded database's own password, kept in an owner-only file beside the secret key (as vCenter keeps its
 * embedded database's password in a file of its own): made once, at random, the first time it is needed. An
 * operator who wants to open the database with H2's tools reads it there.
 */
final class EmbeddedPassword {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPassword.class);

    private EmbeddedPassword() {}

    static String readOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    OwnerOnlyFiles.createNew(file, password.getBytes(StandardCharsets.US_ASCII));
                    LOG.info("Created the embedded repository database's password file {}", file);
                    return password;
                } catch (FileAlreadyExistsException raced) {
                    // Made by another process since the check: use theirs.
                }
            }
            String password = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (password.isEmpty()) {
                throw new StrataException(ErrorCode.INTERNAL, "the repository password file " + file + " is empty");
            }
            return password;
        } catch (IOException e) {
            LOG.error("Cannot read or create the repository password file {}", file, e);
            throw new StrataException(
                    ErrorCode.INTERNAL, "the repository password file " + file + " cannot be read or created");
        }
    }
}
