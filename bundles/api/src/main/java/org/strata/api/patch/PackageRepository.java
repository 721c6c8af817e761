package org.strata.api.patch;

import java.time.Instant;
import java.util.List;

/**
 * A package repository guests install from. A <b>local</b> one is Strata's own: the package files an admin uploads,
 * served by Strata with their index at {@code url} (plain HTTP, as the boot service: machines cannot check Strata's
 * certificate); an <b>external</b> one is a mirror Strata points guests at and never changes.
 *
 * @param id         its id
 * @param name       unique, for people
 * @param family     the OS family whose packages it holds ({@code debian}, {@code rhel}): an OS family driver's
 *                   family, as its guests' facts name it
 * @param local      whether it is Strata's own
 * @param url        where guests reach it (for a local one, Strata's boot URL and {@code /repos/{id}/})
 * @param suite      the suite ({@code bookworm-security}; {@code ./} for a flat repository, as local ones are)
 * @param components the components ({@code main}); empty for a flat repository
 * @param created    when it was added
 */
public record PackageRepository(
        String id,
        String name,
        String family,
        boolean local,
        String url,
        String suite,
        List<String> components,
        Instant created) {
    public PackageRepository {
        components = components == null ? List.of() : List.copyOf(components);
    }
}
