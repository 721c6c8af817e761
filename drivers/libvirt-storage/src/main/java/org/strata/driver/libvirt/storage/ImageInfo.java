package org.strata.driver.libvirt.storage;

import java.util.List;

/**
 * What {@code qemu-img info} says about an image file.
 *
 * @param format      QEMU's name for the format ("vmdk", "vpc", "vhdx", "qcow2", "raw", ...)
 * @param virtualSize the disk's size as a guest sees it, in bytes
 * @param backingFile the image it is an overlay of, or null
 * @param extents     the files a VMDK descriptor names (empty for other formats)
 */
record ImageInfo(String format, long virtualSize, String backingFile, List<String> extents) {

    ImageInfo {
        extents = List.copyOf(extents);
    }
}
