package org.strata.api.patch;

import java.time.Instant;

/**
 * A package file of a local repository, as its control data names it.
 *
 * @param name         the package's name
 * @param version      its version
 * @param architecture its architecture ({@code amd64}, {@code all})
 * @param fileName     the file's name in the repository ({@code name_version_arch.deb})
 * @param size         its size in bytes
 * @param sha256       its SHA-256, hex
 * @param uploaded     when it was uploaded
 */
public record RepositoryPackage(
        String name,
        String version,
        String architecture,
        String fileName,
        long size,
        String sha256,
        Instant uploaded) {}
