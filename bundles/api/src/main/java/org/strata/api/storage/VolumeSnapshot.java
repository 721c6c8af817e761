package org.strata.api.storage;

import java.time.Instant;

/**
 * A snapshot of one volume, kept by its storage backend (since 2.2): an internal qcow2 snapshot, a copy of a LUN's
 * file.
 *
 * @param created   when it was taken, or null when the backend does not say
 * @param sizeBytes the space it holds, or null when the backend does not say
 */
public record VolumeSnapshot(String hostId, String pool, String volume, String name, Instant created, Long sizeBytes) {}
