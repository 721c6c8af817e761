package org.strata.api.patch;

import java.time.Instant;
import java.util.List;

/**
 * The software installed in a VM, a template or a golden image, as Strata last read it.
 *
 * @param targetKind what it is
 * @param targetId   its id
 * @param method     how it was read: {@code agent} (the running guest's agent) or {@code offline} (its disk, by the
 *                   disk image tools)
 * @param os         the OS found ("Debian GNU/Linux 12 (bookworm)"), or null
 * @param family     its OS family ({@code debian}), or null when no OS driver recognized it
 * @param packages   the packages, by name
 * @param read       when it was read
 */
public record InstalledSoftware(
        TargetKind targetKind,
        String targetId,
        String method,
        String os,
        String family,
        List<SoftwarePackage> packages,
        Instant read) {
    public InstalledSoftware {
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    /** One installed package. */
    public record SoftwarePackage(String name, String version, String architecture) {}
}
