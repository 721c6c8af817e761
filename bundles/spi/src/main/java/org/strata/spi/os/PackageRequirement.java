package org.strata.spi.os;

import java.util.Objects;

/**
 * A package a guest must have (since 2.2): a patch baseline's line.
 *
 * @param name           the package's name
 * @param minimumVersion the lowest version that satisfies, in the family's version syntax; null for any version
 */
public record PackageRequirement(String name, String minimumVersion) {
    public PackageRequirement {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a required package has a name");
        }
        minimumVersion = minimumVersion == null || minimumVersion.isBlank() ? null : minimumVersion;
    }
}
