package org.strata.spi;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a driver describes itself.
 *
 * @param id           stable, unique, lower case ({@code [a-z][a-z0-9-]*}): hosts name their driver by it
 * @param kind         which contract the driver implements
 * @param vendor       who ships it
 * @param version      the driver's own version
 * @param description  one line for people
 * @param capabilities what it can do beyond the mandatory part of its contract
 */
public record DriverDescriptor(String id, DriverKind kind, String vendor, String version, String description,
                               Set<Capability> capabilities) {

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    public DriverDescriptor {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(version, "version");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("driver id must match " + ID + ": " + id);
        }
        description = description == null ? "" : description;
        capabilities = Set.copyOf(capabilities);
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }
}
