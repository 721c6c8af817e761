package org.strata.spi.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * A point-in-time copy of one volume, kept by its backend (since 1.3): an internal qcow2 snapshot, a copy of a
 * LUN's backing file, an array's snapshot.
 *
 * @param created   when it was taken, or null when the backend does not say
 * @param sizeBytes the space it holds on the backend, or -1 when the backend does not say
 */
public record VolumeSnapshotInfo(String pool, String volume, String name, Instant created, long sizeBytes) {

    public VolumeSnapshotInfo {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(volume, "volume");
        Objects.requireNonNull(name, "name");
    }
}
