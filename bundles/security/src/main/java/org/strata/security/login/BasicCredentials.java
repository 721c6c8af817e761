package org.strata.security.login;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * User name and password from an HTTP {@code Authorization: Basic ...} header (RFC 7617, UTF-8).
 * The password stays a char array so the caller can clear it; {@link #toString()} never shows it.
 */
public final class BasicCredentials {
    /** The value of the {@code WWW-Authenticate} header sent with every 401. */
    public static final String CHALLENGE = "Basic realm=\"strata\", charset=\"UTF-8\"";

    private final String user;
    private final char[] password;

    private BasicCredentials(String user, char[] password) {
        this.user = user;
        this.password = password;
    }

    /** Empty when the header is absent, not Basic, or not decodable: all of these mean "not authenticated". */
    public static Optional<BasicCredentials> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Basic")) {
            return Optional.empty();
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.substring(space + 1).trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            // A strict decoder: a malformed byte sequence is a bad header, not a different password.
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded));
            char[] all = new char[chars.remaining()];
            chars.get(all);
            Arrays.fill(chars.array(), '\0');
            int colon = indexOf(all, ':');
            if (colon <= 0) {
                Arrays.fill(all, '\0');
                return Optional.empty();
            }
            String user = new String(all, 0, colon);
            char[] password = Arrays.copyOfRange(all, colon + 1, all.length);
            Arrays.fill(all, '\0');
            return Optional.of(new BasicCredentials(user, password));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        } finally {
            Arrays.fill(decoded, (byte) 0);
        }
    }

    private static int indexOf(char[] chars, char c) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == c) {
                return i;
            }
        }
        return -1;
    }

    public String user() {
        return user;
    }

    /** The password itself, not a copy: the authenticator clears it after use. */
    public char[] password() {
        return password;
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + ", password=******]";
    }
}
