package org.strata.spi.image;

import java.util.Objects;

/**
 * A file of the node copied into a disk image ({@link DiskImageDriver#customize}): package files, mostly.
 *
 * @param source    the file on the node running Strata, an absolute path
 * @param directory the folder in the image it goes into, an absolute path (created when missing); the file keeps its
 *                  name
 */
public record FileCopy(String source, String directory) {
    public FileCopy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(directory, "directory");
        if (!source.startsWith("/") || !directory.startsWith("/")) {
            throw new IllegalArgumentException("copies name absolute paths: " + source + " to " + directory);
        }
    }
}
