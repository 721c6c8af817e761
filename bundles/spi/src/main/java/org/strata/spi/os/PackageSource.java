package org.strata.spi.os;

import java.util.List;
import java.util.Objects;

/**
 * A package repository a guest installs from (since 2.2), as the guest reaches it.
 *
 * <p>Debian: {@code deb [trusted=yes] URL SUITE COMPONENTS...}; a flat repository (a {@code Packages} index beside
 * the files, as Strata serves its own) has the suite {@code ./} and no components. RHEL family: a {@code baseurl}.
 *
 * @param url        the repository's URL as the guest reaches it
 * @param suite      the suite or distribution ("bookworm", "./" for a flat repository); null where the family has
 *                   none (RHEL)
 * @param components the components ("main"); empty for a flat repository
 * @param trusted    whether the guest installs from it without checking signatures (Strata's own repository is
 *                   not signed: it is served by Strata to the machines it manages)
 */
public record PackageSource(String url, String suite, List<String> components, boolean trusted) {
    public PackageSource {
        Objects.requireNonNull(url, "url");
        if (!url.matches("(?i)(https?|ftp|file)://\\S+")) {
            throw new IllegalArgumentException("not a repository URL: " + url);
        }
        components = components == null ? List.of() : List.copyOf(components);
    }

    /** A flat repository at {@code url} (Strata's own), trusted. */
    public static PackageSource flat(String url) {
        return new PackageSource(url, "./", List.of(), true);
    }
}
