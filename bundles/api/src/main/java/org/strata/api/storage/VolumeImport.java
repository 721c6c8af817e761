package org.strata.api.storage;

/**
 * A disk image made by another product (VMware's VMDK, Hyper-V's VHD/VHDX), converted into a new volume.
 *
 * @param sourcePath   the image file on the storage host
 * @param sourceFormat "vmdk", "vhdx", "vpc", "qcow2", "raw", or null to detect it
 * @param format       the new volume's format, "qcow2" (default) or "raw"
 */
public record VolumeImport(String pool, String name, String sourcePath, String sourceFormat, String format) {}
