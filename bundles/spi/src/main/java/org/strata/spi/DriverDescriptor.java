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
 * @param accepts      the words, names and credentials it takes in requests (since 1.3); the platform refuses
 *                     the rest before it asks the driver. Null is {@link Vocabulary#ANY}
 */
public record DriverDescriptor(
        String id,
        DriverKind kind,
        String vendor,
        String version,
        String description,
        Set<Capability> capabilities,
        Vocabulary accepts) {

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
        accepts = accepts == null ? Vocabulary.ANY : accepts;
    }

    /** The SPI 1.2 form: a driver that restricts nothing beyond the platform's generic checks. */
    public DriverDescriptor(
            String id,
            DriverKind kind,
            String vendor,
            String version,
            String description,
            Set<Capability> capabilities) {
        this(id, kind, vendor, version, description, capabilities, Vocabulary.ANY);
    }

    /** The same descriptor with a vocabulary (since 1.3). */
    public DriverDescriptor accepting(Vocabulary vocabulary) {
        return new DriverDescriptor(id, kind, vendor, version, description, capabilities, vocabulary);
    }

    public boolean can(Capability capability) {
        return capabilities.contains(capability);
    }
}
