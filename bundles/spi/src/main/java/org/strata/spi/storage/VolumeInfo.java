package org.strata.spi.storage;

/**
 * A volume as its backend reports it.
 *
 * @param path    what a VM disk's {@code source} is for this volume (a file path, or a network URL)
 * @param backing the name of the volume in the same pool whose data this one reads where it has not written its
 *                own (a linked clone's base), or null for a volume that stands alone (since 1.3)
 */
public record VolumeInfo(
        String pool,
        String name,
        long capacityBytes,
        long allocationBytes,
        String format,
        String path,
        String backing) {

    /** A volume that stands alone, as described before volumes could be linked. */
    public VolumeInfo(String pool, String name, long capacityBytes, long allocationBytes, String format, String path) {
        this(pool, name, capacityBytes, allocationBytes, format, path, null);
    }
}
