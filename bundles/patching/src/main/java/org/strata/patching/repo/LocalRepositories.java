package org.strata.patching.repo;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.strata.api.patch.RepositoryPackage;

/**
 * Strata's own package repositories on disk (docs/os-patching.md, "Strata's package repositories"): one flat apt
 * repository per local repository, a folder of {@code .deb} files with their {@code Packages}, {@code Packages.gz}
 * and unsigned {@code Release}, which guests reach as {@code deb [trusted=yes] URL ./}. Every change leaves the folder
 * consistent: a file is in place before the index names it, and the index files are replaced whole. Methods throw
 * {@link org.strata.api.StrataException} only.
 */
public interface LocalRepositories {

    /**
     * Adds a package file and regenerates the index, all or nothing: INVALID (with what is wrong, in words) for a
     * file that is no Debian binary package, CONFLICT when the repository has the same package file
     * ({@code name_version_architecture.deb}) already. The folder is made when needed.
     */
    RepositoryPackage add(String repositoryId, InputStream file);

    /** Removes a package file and regenerates the index; NOT_FOUND when the repository does not have it. */
    void remove(String repositoryId, String fileName);

    /** The repository's package files as its index names them, by name then file name; empty for none. */
    List<RepositoryPackage> list(String repositoryId);

    /** Removes the repository's folder and everything in it; nothing when there is none. */
    void delete(String repositoryId);

    /** Where the repository's files are (it may not exist yet). */
    Path folder(String repositoryId);

    /**
     * A file guests may fetch: one of the repository's package files or index files that exists, and nothing else
     * (no other names, no paths).
     */
    Optional<Path> servable(String repositoryId, String fileName);
}
