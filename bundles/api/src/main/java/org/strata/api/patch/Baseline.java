package org.strata.api.patch;

import java.time.Instant;
import java.util.List;

/**
 * A patch baseline: what the guests of one OS profile must have installed, and the repository that has it.
 *
 * <p>Either it names {@code packages} with minimum versions (a guest lacking one, or having an older version, is
 * non-compliant), or it is <b>everything in its repository</b>: every package of the repository that a guest has
 * installed must be at least the repository's newest version of it (packages the guest does not have are not
 * installed: a patch repository patches what is there, as vSphere Update Manager and WSUS do). Both may be set.
 *
 * @param id                     its id
 * @param name                   unique, for people
 * @param profileId              the OS profile whose guests it applies to ({@code debian-12})
 * @param repositoryId           the repository remediation installs from
 * @param everythingInRepository whether every package of the repository is required at its newest version (for
 *                               the guests that have it)
 * @param packages               required packages and minimum versions
 * @param created                when it was created
 * @param updated                when it was last changed
 */
public record Baseline(
        String id,
        String name,
        String profileId,
        String repositoryId,
        boolean everythingInRepository,
        List<BaselinePackage> packages,
        Instant created,
        Instant updated) {
    public Baseline {
        packages = packages == null ? List.of() : List.copyOf(packages);
    }
}
