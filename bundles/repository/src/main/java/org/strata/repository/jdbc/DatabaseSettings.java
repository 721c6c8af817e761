package org.strata.repository.jdbc;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the repository's database is and how to log in. {@link #toString()} and {@link #safeUrl()} hide the
 * password, so a settings object can be logged as is.
 *
 * @param url      a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL
 * @param user     may be null or empty (then the URL, or the driver's default, decides)
 * @param password may be null or empty
 * @param poolSize the most connections the pool opens
 */
public record DatabaseSettings(String url, String user, String password, int poolSize) {

    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be 1 or more, was " + poolSize);
        }
    }

    /** The URL with any password parameter masked, fit for logs and error messages. */
    public String safeUrl() {
        return PASSWORD_IN_URL.matcher(url).replaceAll("$1******");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + safeUrl() + ", user=" + user
                + ", password=" + (password == null || password.isEmpty() ? "(none)" : "******")
                + ", poolSize=" + poolSize + "]";
    }
}
