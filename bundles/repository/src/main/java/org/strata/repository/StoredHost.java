package org.strata.repository;

import java.time.Instant;

/** A host as the repository keeps it: configuration only, no live state, and never the password. */
public record StoredHost(String id, String name, String datacenterId, String poolId, String driverId,
                         String address, String username, boolean hasPassword, Instant created) {
}
