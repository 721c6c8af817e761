package org.strata.spi.image;

import java.util.Objects;

/**
 * A disk image as the node running Strata reaches it: a file (a libvirt {@code dir} pool's volume) or a network disk.
 *
 * @param location an absolute file path ("/var/lib/libvirt/images/web-1.qcow2"), or a URL the tools can open
 *                 ("iscsi://127.0.0.1:3260/iqn.2026-12.org.strata:disks/1", "nbd://127.0.0.1:10809/x")
 * @param format   its format ("qcow2", "raw"); null to let the tools find out (never for files from guests: a raw
 *                 image could pass itself off as qcow2 pointing at the host's files)
 */
public record DiskImage(String location, String format) {
    public DiskImage {
        Objects.requireNonNull(location, "location");
        if (!location.startsWith("/") && !location.matches("[a-z][a-z0-9+.-]*://\\S+")) {
            throw new IllegalArgumentException("a disk image is an absolute path or a URL: " + location);
        }
        if (format != null && !format.matches("[a-z0-9]{1,16}")) {
            throw new IllegalArgumentException("not a disk image format: " + format);
        }
    }
}
