package org.strata.ws.rest;

import java.util.List;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.strata.api.StrataException;
import org.strata.api.hardware.HardwareInventory;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.SelRecord;
import org.strata.api.hardware.Sensor;
import org.strata.api.hardware.SensorSample;
import org.strata.api.task.TaskService;

/**
 * A bare-metal machine's BMC: power, boot device, sensors, inventory, event log and firmware. The same
 * root path as {@link HostResource}, since a machine is a host; JAX-RS merges the routes of root resources
 * that share a path. Every change is a task: 202 with the task (200 when {@code ?wait} saw it finish).
 */
@Path("/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HardwareResource {
    static final List<String> BOOT_DEVICES = List.of("pxe", "disk", "cdrom", "bios");
    private static final Set<String> BOOT_DEVICE_SET = Set.copyOf(BOOT_DEVICES);

    /** The answer of GET /hosts/{id}/power: an object rather than a bare string, so that it can grow. */
    public record PowerState(String state) {}

    private final HardwareService hardware;
    private final TaskService tasks;

    public HardwareResource(HardwareService hardware, TaskService tasks) {
        this.hardware = hardware;
        this.tasks = tasks;
    }

    @GET
    @Path("/{id}/power")
    public PowerState powerState(@PathParam("id") String hostId) {
        return new PowerState(hardware.powerState(hostId));
    }

    @POST
    @Path("/{id}/power/{action}")
    public Response power(
            @PathParam("id") String hostId,
            @PathParam("action") String action,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        // Core checks the action against the declared operations: an unknown one is bad input (400), not a missing
        // resource, and REST, SOAP and the shell say it alike.
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(hardware.power(hostId, action, Requests.principal(security)), seconds, tasks, uri);
    }

    @PUT
    @Path("/{id}/boot-device")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response bootDevice(
            @PathParam("id") String hostId,
            Bodies.BootDevice body,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        Bodies.BootDevice boot = Requests.body(body);
        oneOf("device", boot.device(), BOOT_DEVICES, BOOT_DEVICE_SET);
        return Accepted.of(
                hardware.bootDevice(hostId, boot.device(), boot.everyBoot(), Requests.principal(security)),
                seconds,
                tasks,
                uri);
    }

    @GET
    @Path("/{id}/sensors")
    public List<Sensor> sensors(@PathParam("id") String hostId) {
        return hardware.sensors(hostId);
    }

    @GET
    @Path("/{id}/sensors/{name}/history")
    public List<SensorSample> sensorHistory(
            @PathParam("id") String hostId,
            @PathParam("name") String sensor,
            @QueryParam("from") String from,
            @QueryParam("to") String to) {
        return hardware.sensorHistory(hostId, sensor, QueryParams.instant("from", from), QueryParams.instant("to", to));
    }

    @GET
    @Path("/{id}/hardware")
    public HardwareInventory inventory(@PathParam("id") String hostId) {
        return hardware.inventory(hostId);
    }

    @GET
    @Path("/{id}/sel")
    public List<SelRecord> eventLog(@PathParam("id") String hostId) {
        return hardware.eventLog(hostId);
    }

    /** 501 UNSUPPORTED, from the service, where the machine's driver cannot update firmware. */
    @POST
    @Path("/{id}/firmware")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response updateFirmware(
            @PathParam("id") String hostId,
            Bodies.FirmwareImage body,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        String image = Requests.body(body).imagePath();
        return Accepted.of(hardware.updateFirmware(hostId, image, Requests.principal(security)), seconds, tasks, uri);
    }

    /** Exact, as openapi.json's enums are: a path or body word here is not lower-cased first. */
    static void oneOf(String what, String value, List<String> allowed, Set<String> set) {
        if (!set.contains(value)) {
            throw StrataException.invalid(what + " must be one of " + String.join(", ", allowed) + ", was '"
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
    }
}
