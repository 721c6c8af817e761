package org.strata.spi.hypervisor;

import java.util.Objects;

/**
 * A disk or CD-ROM drive of a VM.
 *
 * @param device   {@link Device#DISK} or {@link Device#CDROM}
 * @param source   the image or volume path on the host; null for an empty CD-ROM drive
 * @param format   image format, {@code qcow2} or {@code raw} (null: raw)
 * @param bus      the bus the guest sees
 * @param target   the device name in the guest ("vda", "hdc", "xvda"), or null to let the driver pick;
 *                 it is also the id by which the disk is detached
 * @param readOnly whether the guest may only read it (CD-ROMs always are)
 * @param auth     the credentials a network disk's target asks for (CHAP on iSCSI), or null (since 2.1)
 */
public record DiskSpec(
        Device device, String source, String format, Bus bus, String target, boolean readOnly, DiskAuth auth) {

    public DiskSpec {
        Objects.requireNonNull(device, "device");
        bus = bus == null ? Bus.VIRTIO : bus;
        readOnly = readOnly || device == Device.CDROM;
    }

    /** A disk without credentials, as described before SPI 2.1. */
    public DiskSpec(Device device, String source, String format, Bus bus, String target, boolean readOnly) {
        this(device, source, format, bus, target, readOnly, null);
    }

    public static DiskSpec disk(String source, String format) {
        return new DiskSpec(Device.DISK, source, format, Bus.VIRTIO, null, false);
    }

    public static DiskSpec cdrom(String isoPath) {
        return new DiskSpec(Device.CDROM, isoPath, "raw", Bus.SATA, null, true);
    }

    public DiskSpec withTarget(String newTarget) {
        return new DiskSpec(device, source, format, bus, newTarget, readOnly, auth);
    }

    /** This disk with the credentials its target asks for (since 2.1). */
    public DiskSpec withAuth(DiskAuth newAuth) {
        return new DiskSpec(device, source, format, bus, target, readOnly, newAuth);
    }

    public enum Device {
        DISK,
        CDROM
    }

    /** Disk buses; a driver maps one it cannot offer to its nearest equivalent and says so in describe(). */
    public enum Bus {
        VIRTIO,
        SATA,
        SCSI,
        IDE,
        XEN
    }
}
