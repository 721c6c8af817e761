package org.strata.api.storage;

/**
 * Who sees a storage pool (since 2.2): every host of a cluster, or one host. Exactly one of {@code clusterId} and
 * {@code hostId} is set. A pool with no attachment constrains nothing; one with attachments keeps the VMs whose disks
 * are on it to the hosts that see it (placement, migration, a start elsewhere).
 */
public record StorageAttachment(String storageHostId, String pool, String clusterId, String hostId) {}
