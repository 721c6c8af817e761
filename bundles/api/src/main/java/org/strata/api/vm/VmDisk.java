package org.strata.api.vm;

/**
 * A disk or CD-ROM drive of a VM.
 *
 * @param device   "disk" (default) or "cdrom"
 * @param source   image or volume path on the host (a volume's {@code path}); null for an empty CD-ROM
 * @param format   "qcow2", "raw" (default) or "vmdk" (ESX)
 * @param bus      "virtio" (default), "sata", "scsi", "ide", "xen"
 * @param target   device name in the guest ("vdb"), or null to let the driver choose; detach by it
 * @param readOnly whether the guest may only read it
 */
public record VmDisk(String device, String source, String format, String bus, String target, boolean readOnly) {}
