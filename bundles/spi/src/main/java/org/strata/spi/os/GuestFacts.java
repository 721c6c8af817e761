package org.strata.spi.os;

import java.util.Objects;

/**
 * What an OS driver makes of a guest's report of its OS.
 *
 * @param family       the driver's family, e.g. {@code debian}, {@code rhel}, {@code windows}
 * @param name         for people, e.g. "Debian GNU/Linux 12 (bookworm)"
 * @param version      e.g. {@code 12}, {@code 9.4}, {@code 10.0.20348}
 * @param kernel       the kernel release, or null when not reported
 * @param architecture e.g. {@code x86_64}, or null
 * @param profileId    the driver's profile it matches best, or null when none does
 */
public record GuestFacts(
        String family, String name, String version, String kernel, String architecture, String profileId) {
    public GuestFacts {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
