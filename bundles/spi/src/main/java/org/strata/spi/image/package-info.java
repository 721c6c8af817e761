/**
 * The disk image tools contract of Strata's SPI (since 1.0, SPI 1.7): reading and changing a disk image that does not
 * run, without booting it (libguestfs is the reference implementation). The OS layer uses it to list the software of
 * stopped VMs, templates and golden images and to patch them offline (docs/os-patching.md).
 */
@Version("1.0.0")
package org.strata.spi.image;

import org.osgi.annotation.versioning.Version;
