package org.strata.spi.os;

import java.util.Objects;

/**
 * A package installed in a guest or a disk image (since 2.2), in its family's words.
 *
 * @param name         the package's name ("openssl")
 * @param version      its version as the family writes it, epoch and revision included ("3.0.15-1~deb12u1",
 *                     "1:1.2.3-4.el9")
 * @param architecture its architecture ("amd64", "x86_64", "all", "noarch"), or null when not known
 */
public record InstalledPackage(String name, String version, String architecture) {
    public InstalledPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        if (name.isBlank() || version.isBlank()) {
            throw new IllegalArgumentException("a package has a name and a version");
        }
        architecture = architecture == null || architecture.isBlank() ? null : architecture;
    }
}
