package org.strata.ws.soap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.stream.Stream;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.StrataException;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.MachinePower;
import org.strata.api.hardware.PowerStatesRequest;

/**
 * Bare-metal machines over SOAP, through their BMCs: discovery, power, boot device, sensors, inventory,
 * event log and firmware. Reads ask the BMC now; changes return their task, whose result is the state
 * read back. Discovery credentials are write-only: no operation returns them.
 */
@WebService(
        name = "Hardware",
        serviceName = "HardwareWebService",
        portName = "HardwarePort",
        targetNamespace = Soap.NAMESPACE)
public class HardwareWebService {
    static final List<String> BOOT_DEVICES = List.of("pxe", "disk", "cdrom", "bios");

    private final HardwareService hardware;
    private final SoapCaller caller;

    public HardwareWebService(HardwareService hardware, SoapCaller caller) {
        this.hardware = hardware;
        this.caller = caller;
    }

    /** Scans addresses and ports for BMCs and registers each that accepts one of the credentials. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto discover(@WebParam(name = "request") DiscoveryRequestDto request) throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            return SoapMapping.task(hardware.discover(SoapMapping.spec(request), who));
        });
    }

    /** The chassis power state, asked of the BMC now: ON, OFF or UNKNOWN. */
    @WebMethod
    @WebResult(name = "state")
    public String powerState(@WebParam(name = "hostId") String hostId) throws StrataFault {
        return Faults.call(() -> hardware.powerState(hostId));
    }

    /**
     * The power state of many machines, their BMCs asked concurrently: the named ones (at most 1,000), or every
     * machine of a datacenter, or, with neither, every machine. One answer per machine, in the order the BMCs
     * answered; a machine whose BMC failed or did not answer within {@code timeoutSeconds} (1-300, default 30) has
     * an error instead of a state. Bad input (no id in a list given, too many, an unknown host or datacenter) is a
     * fault before any BMC is asked.
     */
    @WebMethod
    @WebResult(name = "machine")
    public List<MachinePowerDto> powerStates(
            @WebParam(name = "hostId") List<String> hostIds,
            @WebParam(name = "datacenterId") String datacenterId,
            @WebParam(name = "timeoutSeconds") Integer timeoutSeconds)
            throws StrataFault {
        return Faults.call(() -> {
            // An empty hostId list and none at all look alike in SOAP: either asks the datacenter or everything.
            PowerStatesRequest request = new PowerStatesRequest(
                    hostIds == null || hostIds.isEmpty() ? null : hostIds, datacenterId, timeoutSeconds);
            try (Stream<MachinePower> answers = hardware.powerStates(request)) {
                return answers.map(SoapMapping::power).toList();
            }
        });
    }

    /** A power action: on, off, softoff, cycle, reset or identify. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto power(@WebParam(name = "hostId") String hostId, @WebParam(name = "action") String action)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            return SoapMapping.task(hardware.power(hostId, action, who));
        });
    }

    /** The device for the next boot (pxe, disk, cdrom, bios); for every boot when {@code persistent}. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto setBootDevice(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "device") String device,
            @WebParam(name = "persistent") Boolean persistent)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            oneOf("device", device, BOOT_DEVICES);
            return SoapMapping.task(hardware.bootDevice(hostId, device, Boolean.TRUE.equals(persistent), who));
        });
    }

    @WebMethod
    @WebResult(name = "sensor")
    public List<SensorDto> sensors(@WebParam(name = "hostId") String hostId) throws StrataFault {
        return Faults.call(
                () -> hardware.sensors(hostId).stream().map(SoapMapping::sensor).toList());
    }

    /** Polled readings of one sensor, oldest first; {@code from} and {@code to} are optional xsd:dateTime values. */
    @WebMethod
    @WebResult(name = "sample")
    public List<SensorSampleDto> sensorHistory(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "sensor") String sensor,
            @WebParam(name = "from") String from,
            @WebParam(name = "to") String to)
            throws StrataFault {
        return Faults.call(
                () -> hardware.sensorHistory(hostId, sensor, instant("from", from), instant("to", to)).stream()
                        .map(SoapMapping::sample)
                        .toList());
    }

    @WebMethod
    @WebResult(name = "inventory")
    public HardwareInventoryDto inventory(@WebParam(name = "hostId") String hostId) throws StrataFault {
        return Faults.call(() -> SoapMapping.inventory(hardware.inventory(hostId)));
    }

    /** The system event log, read now, oldest first. */
    @WebMethod
    @WebResult(name = "record")
    public List<SelRecordDto> eventLog(@WebParam(name = "hostId") String hostId) throws StrataFault {
        return Faults.call(
                () -> hardware.eventLog(hostId).stream().map(SoapMapping::sel).toList());
    }

    /** Updates the BMC's firmware from an image file on the Strata host; an UNSUPPORTED fault where the driver cannot. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto updateFirmware(
            @WebParam(name = "hostId") String hostId, @WebParam(name = "imagePath") String imagePath)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.task(hardware.updateFirmware(hostId, imagePath, caller.writer())));
    }

    private static void oneOf(String name, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw StrataException.invalid("'" + name + "' must be one of " + String.join(", ", allowed));
        }
    }

    /** As VmWebService: text rather than JAXB's binding, so that a malformed value names the parameter. */
    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw StrataException.invalid("'" + name + "' must be a date and time such as 2026-01-02T03:04:05Z");
        }
    }
}
