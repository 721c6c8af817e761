package org.strata.api.driver;

import java.util.Set;

/**
 * A driver as the platform sees it: what it says of itself, the bundle that ships it, and whether it
 * is running. Capabilities are the names of the SPI's capability constants; {@code accepts} is what it takes in
 * requests (since 1.4).
 */
public record DriverInfo(
        String id,
        String kind,
        String vendor,
        String version,
        String description,
        Set<String> capabilities,
        String bundle,
        DriverAccepts accepts) {
    public DriverInfo {
        capabilities = Set.copyOf(capabilities);
        accepts = accepts == null ? DriverAccepts.ANY : accepts;
    }

    /** The 1.3 form: a driver that restricts nothing. */
    public DriverInfo(
            String id,
            String kind,
            String vendor,
            String version,
            String description,
            Set<String> capabilities,
            String bundle) {
        this(id, kind, vendor, version, description, capabilities, bundle, DriverAccepts.ANY);
    }
}
