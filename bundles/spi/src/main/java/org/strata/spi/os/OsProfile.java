package org.strata.spi.os;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One installable flavour of an operating system family.
 *
 * @param id           stable, unique across the driver ({@code [a-z0-9][a-z0-9.-]*}), e.g. {@code debian-12-server}
 * @param name         for people, e.g. "Debian 12 (bookworm) server"
 * @param release      the release, e.g. {@code 12}, {@code 9}, {@code 2022}
 * @param edition      the edition or variant, e.g. {@code minimal}, {@code Datacenter}; never null, may be empty
 * @param role         what the profile installs for, e.g. {@code server}, {@code hypervisor}
 * @param architecture {@code x86_64} or {@code aarch64}
 * @param methods      the provisioning methods the family supports for it; never empty
 */
public record OsProfile(
        String id,
        String name,
        String release,
        String edition,
        String role,
        String architecture,
        Set<ProvisioningMethod> methods) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");

    public OsProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(architecture, "architecture");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("profile id must match " + ID + ": " + id);
        }
        edition = edition == null ? "" : edition;
        methods = Set.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("profile " + id + " supports no provisioning method");
        }
    }

    public boolean supports(ProvisioningMethod method) {
        return methods.contains(method);
    }
}
