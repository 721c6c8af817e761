package org.strata.spi.storage;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.DriverException;

/** A session with one storage backend. Optional operations answer {@code UNSUPPORTED} unless overridden. */
@ConsumerType
public interface StorageSession extends AutoCloseable {

    /** The pools (or shares, or LUN groups) the backend offers. */
    List<String> pools();

    List<VolumeInfo> volumes(String pool);

    /** Creates a volume ({@code VOLUME_CREATE}). */
    default VolumeInfo createVolume(String pool, String name, long capacityBytes, String format) {
        throw DriverException.unsupported(getClass().getSimpleName(), "volume creation");
    }

    /** Deletes a volume ({@code VOLUME_CREATE}). */
    default void deleteVolume(String pool, String name) {
        throw DriverException.unsupported(getClass().getSimpleName(), "volume deletion");
    }

    @Override
    void close();
}
