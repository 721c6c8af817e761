package org.strata.api.storage;

/**
 * A pool of a storage host (a libvirt pool, an ESX datastore, an iSCSI target, an NFS directory) with its size, as
 * the backend reports it now (since 1.2), and what its volumes are promised (since 2.1).
 *
 * @param capacityBytes    how much it holds in all; null when the backend does not say
 * @param freeBytes        how much is free; null when the backend does not say
 * @param provisionedBytes the sum of its volumes' capacities: what they may grow to, thin or not
 * @param volumes          how many volumes it holds
 */
public record StoragePool(
        String hostId, String name, Long capacityBytes, Long freeBytes, long provisionedBytes, int volumes) {

    /** A pool as described before 2.1, its volumes not counted. */
    public StoragePool(String hostId, String name, Long capacityBytes, Long freeBytes) {
        this(hostId, name, capacityBytes, freeBytes, 0, 0);
    }

    /**
     * Thin provisioning's overcommit: what the volumes are promised over what the pool holds (above 1 when they
     * could not all grow to their size at once); null when the capacity is not known.
     */
    public Double overcommit() {
        return capacityBytes == null || capacityBytes <= 0 ? null : (double) provisionedBytes / capacityBytes;
    }
}
