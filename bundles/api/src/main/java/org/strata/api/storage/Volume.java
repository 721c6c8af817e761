package org.strata.api.storage;

/**
 * A storage volume in a pool of a storage host. {@code id} is "pool/name"; {@code path} is what a VM
 * disk's {@code source} names to use it.
 */
public record Volume(
        String id,
        String hostId,
        String pool,
        String name,
        long capacityBytes,
        long allocationBytes,
        String format,
        String path) {}
