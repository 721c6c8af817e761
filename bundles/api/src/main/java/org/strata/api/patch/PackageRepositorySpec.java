package org.strata.api.patch;

import java.util.List;

/**
 * A repository to add: a local one when {@code url} is null (Strata serves the files uploaded to it), an external one
 * otherwise.
 *
 * @param name       unique, 1 to 64 letters, digits, dots, dashes and underscores
 * @param family     the OS family ({@code debian}, {@code rhel}); must be one an OS driver running now has
 * @param url        an external repository's URL (http or https), as guests reach it; null for a local one
 * @param suite      an external Debian repository's suite; null for a local one ({@code ./})
 * @param components an external Debian repository's components; empty for a flat repository
 */
public record PackageRepositorySpec(String name, String family, String url, String suite, List<String> components) {
    public PackageRepositorySpec {
        components = components == null ? List.of() : List.copyOf(components);
    }
}
