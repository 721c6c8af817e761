package org.strata.api.hardware;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.inventory.Host;
import org.strata.api.task.Task;

/**
 * Bare-metal machines, managed through their BMCs by a hardware driver. A machine is a {@link Host} whose
 * driver is a hardware driver and whose address is its BMC's "host:port". Changes are tasks whose result
 * is the state read back from the BMC. Methods throw {@link StrataException} only.
 */
public interface HardwareService {

    /** The most machines one power-state sweep names ({@link PowerStatesRequest#hostIds()}); since 2.1. */
    int MAX_POWER_STATES = 1000;

    /**
     * Scans addresses and ports for BMCs and registers each that answers and accepts one of the credentials.
     * A machine seen again (same GUID) is matched, and its address updated, never duplicated. The task's
     * result says how many answered, were added, matched, or refused every credential.
     */
    Task discover(DiscoveryRequest request, String principal);

    /** The chassis power state, asked of the BMC now: "ON", "OFF" or "UNKNOWN". */
    String powerState(String hostId);

    /**
     * The power state of many machines, their BMCs asked concurrently (a bounded number at a time, on the same
     * pooled sessions as {@link #powerState}); since 2.1. The request is checked whole before any BMC is asked: no
     * machine named, too many, an unknown host or datacenter throw at once (INVALID_INPUT, NOT_FOUND). The stream
     * then yields one {@link MachinePower} per machine, in the order the BMCs answer, blocking until the next one
     * does; a machine whose BMC fails, refuses or does not answer within the request's timeout is an answer with an
     * error, and never fails the others. Close the stream to stop waiting.
     */
    default Stream<MachinePower> powerStates(PowerStatesRequest request) {
        throw new StrataException(ErrorCode.UNSUPPORTED, "this hardware service cannot sweep power states");
    }

    /**
     * A power action: {@code on}, {@code off}, {@code softoff} (ask the OS), {@code cycle}, {@code reset},
     * {@code identify} (blink the chassis light). The task's result is the power state read back after it.
     */
    Task power(String hostId, String action, String principal);

    /** The device for the next boot ({@code pxe}, {@code disk}, {@code cdrom}, {@code bios}), once or for every boot. */
    Task bootDevice(String hostId, String device, boolean persistent, String principal);

    /** Every sensor, read now, with thresholds and status. */
    List<Sensor> sensors(String hostId);

    /** Polled readings of one sensor, oldest first; {@code from} and {@code to} may be null. */
    List<SensorSample> sensorHistory(String hostId, String sensor, Instant from, Instant to);

    /** Identity and FRU data, read now. */
    HardwareInventory inventory(String hostId);

    /** The system event log, read now, oldest first. */
    List<SelRecord> eventLog(String hostId);

    /** Updates the BMC's firmware from an image file on the Strata host; 501 where the driver cannot. */
    Task updateFirmware(String hostId, String imagePath, String principal);
}
