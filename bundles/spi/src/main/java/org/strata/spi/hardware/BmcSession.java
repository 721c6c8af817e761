package org.strata.spi.hardware;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.DriverException;

/**
 * A session with one BMC. Thread-safe: the platform may call it from several threads. Optional operations
 * answer {@code UNSUPPORTED} unless the driver overrides them. After {@link #power} the platform reads the
 * state back with {@link #powerState}, so a driver need not wait for the chassis itself.
 */
@ConsumerType
public interface BmcSession extends AutoCloseable {

    /** Who the BMC is: GUID, vendor, firmware. */
    BmcIdentity identity();

    /** The chassis power state ({@code POWER_CONTROL}). */
    default ChassisPower powerState() {
        throw DriverException.unsupported("power state");
    }

    /** Changes the chassis power ({@code POWER_CONTROL}). */
    default void power(PowerAction action) {
        throw DriverException.unsupported("power control");
    }

    /** Chooses the next boot device ({@code BOOT_DEVICE}). */
    default void bootDevice(BootDevice device, boolean persistent) {
        throw DriverException.unsupported("boot device selection");
    }

    /** Reads every sensor ({@code SENSORS}). */
    default List<SensorReading> sensors() {
        throw DriverException.unsupported("sensors");
    }

    /** The boot device chosen for the next boot, or null when none is ({@code BOOT_DEVICE}, since 1.1). */
    default BootDevice bootDevice() {
        throw DriverException.unsupported("reading the boot device");
    }

    /** FRU data of the machine, the board's first ({@code HARDWARE_INVENTORY}, since 1.1). */
    default List<FruInfo> fru() {
        throw DriverException.unsupported("FRU inventory");
    }

    /** The system event log, oldest first ({@code HARDWARE_INVENTORY}, since 1.1). */
    default List<SelEntry> eventLog() {
        throw DriverException.unsupported("the system event log");
    }

    /** Updates the firmware from an image ({@code FIRMWARE_UPDATE}). */
    default void updateFirmware(byte[] image) {
        throw DriverException.unsupported("firmware update");
    }

    @Override
    void close();

    enum ChassisPower {
        ON,
        OFF,
        UNKNOWN
    }

    enum PowerAction {
        ON,
        OFF,
        SOFT_OFF,
        CYCLE,
        RESET,
        IDENTIFY
    }

    enum BootDevice {
        PXE,
        DISK,
        CDROM,
        BIOS
    }
}
