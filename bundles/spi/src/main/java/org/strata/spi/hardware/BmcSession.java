package org.strata.spi.hardware;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.DriverException;

/** A session with one BMC. Optional operations answer {@code UNSUPPORTED} unless the driver overrides them. */
@ConsumerType
public interface BmcSession extends AutoCloseable {

    /** Who the BMC is: GUID, vendor, firmware. */
    BmcIdentity identity();

    /** The chassis power state ({@code POWER_CONTROL}). */
    default ChassisPower powerState() {
        throw DriverException.unsupported(getClass().getSimpleName(), "power state");
    }

    /** Changes the chassis power ({@code POWER_CONTROL}). */
    default void power(PowerAction action) {
        throw DriverException.unsupported(getClass().getSimpleName(), "power control");
    }

    /** Chooses the next boot device ({@code BOOT_DEVICE}). */
    default void bootDevice(BootDevice device, boolean persistent) {
        throw DriverException.unsupported(getClass().getSimpleName(), "boot device selection");
    }

    /** Reads every sensor ({@code SENSORS}). */
    default List<SensorReading> sensors() {
        throw DriverException.unsupported(getClass().getSimpleName(), "sensors");
    }

    /** Updates the firmware from an image ({@code FIRMWARE_UPDATE}). */
    default void updateFirmware(byte[] image) {
        throw DriverException.unsupported(getClass().getSimpleName(), "firmware update");
    }

    @Override
    void close();

    enum ChassisPower { ON, OFF, UNKNOWN }

    enum PowerAction { ON, OFF, SOFT_OFF, CYCLE, RESET, IDENTIFY }

    enum BootDevice { PXE, DISK, CDROM, BIOS }
}
