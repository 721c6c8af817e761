package org.strata.api.storage;

/**
 * A pool of a storage host (a libvirt pool, an ESX datastore) with its size, as the backend reports it now
 * (since 1.2).
 *
 * @param capacityBytes how much it holds in all; null when the backend does not say
 * @param freeBytes     how much is free; null when the backend does not say
 */
public record StoragePool(String hostId, String name, Long capacityBytes, Long freeBytes) {}
