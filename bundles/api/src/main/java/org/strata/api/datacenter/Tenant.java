package org.strata.api.datacenter;

import java.time.Instant;

/**
 * A tenant: owns resource pools and the VMs in them. Its users are those with the JAAS role {@code tenant:<name>}
 * beside {@code tenant-admin} (may change its objects) or {@code tenant-user} (may read them and run their VMs).
 */
public record Tenant(String id, String name, String description, Quota quota, Instant created) {}
