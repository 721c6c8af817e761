package org.strata.api;

import java.util.Set;

/**
 * A driver as the platform sees it: what it says of itself, the bundle that ships it, and whether it
 * is running. Capabilities are the names of the SPI's capability constants.
 */
public record DriverInfo(String id, String kind, String vendor, String version, String description,
                         Set<String> capabilities, String bundle) {
    public DriverInfo {
        capabilities = Set.copyOf(capabilities);
    }
}
