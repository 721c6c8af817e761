package org.strata.api.patch;

import java.util.List;

/**
 * A baseline to create or to replace (see {@link Baseline}): a name, a profile, a repository of the profile's family,
 * and packages or everything in the repository (or both); versions checked by the family's driver.
 */
public record BaselineSpec(
        String name,
        String profileId,
        String repositoryId,
        boolean everythingInRepository,
        List<BaselinePackage> packages) {
    public BaselineSpec {
        packages = packages == null ? List.of() : List.copyOf(packages);
    }
}
