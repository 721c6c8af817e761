package org.strata.spi.image;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strata.spi.os.InstalledPackage;

/**
 * What a disk image holds, read without booting it ({@link DiskImageDriver#inspect}).
 *
 * @param os       the image's OS, keyed as a guest agent reports it (the keys of
 *                 {@link org.strata.spi.hypervisor.GuestInfo#OS_KEYS}: {@code id} ("debian", "rhel"), {@code name},
 *                 {@code version-id} ("12", "9.4"), {@code machine} ("x86_64")...), so that an OS family driver's
 *                 {@code recognize} reads it as it reads a running guest's; only the keys found
 * @param hostname the host name the image's configuration gives, or null
 * @param packages the installed packages, in the tools' order
 */
public record ImageInspection(Map<String, String> os, String hostname, List<InstalledPackage> packages) {
    public ImageInspection {
        os = os == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(os));
        hostname = hostname == null || hostname.isBlank() ? null : hostname;
        packages = packages == null ? List.of() : List.copyOf(packages);
    }
}
