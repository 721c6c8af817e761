package org.strata.api.storage;

/**
 * A new volume: in {@code pool}, named {@code name}, {@code capacityMb} large, {@code format} "qcow2"
 * (default), "raw", or "vmdk" (ESX datastores).
 */
public record VolumeSpec(String pool, String name, long capacityMb, String format) {}
