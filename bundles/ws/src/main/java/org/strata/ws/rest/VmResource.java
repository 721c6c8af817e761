package org.strata.ws.rest;

import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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
import org.strata.api.Page;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.monitor.GuestMonitoring;
import org.strata.api.monitor.GuestSample;
import org.strata.api.monitor.VmSample;
import org.strata.api.operation.Operations;
import org.strata.api.task.TaskService;
import org.strata.api.vm.CloneRequest;
import org.strata.api.vm.Console;
import org.strata.api.vm.SnapshotRequest;
import org.strata.api.vm.SnapshotService;
import org.strata.api.vm.TemplateService;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmService;
import org.strata.api.vm.VmSnapshot;
import org.strata.api.vm.VmSpec;
import org.strata.ws.security.Scopes;

/**
 * Virtual machines of the inventory, whatever their host's driver. Every change is a task: 202 with the
 * task (200 when {@code ?wait} saw it finish).
 */
@Path("/vms")
@Produces(MediaType.APPLICATION_JSON)
public class VmResource {

    private final VmService vms;
    private final SnapshotService snapshots;
    private final TemplateService templates;
    private final TaskService tasks;
    private final Scopes scopes;
    private final GuestMonitoring guests;

    public VmResource(
            VmService vms,
            SnapshotService snapshots,
            TemplateService templates,
            TaskService tasks,
            Scopes scopes,
            GuestMonitoring guests) {
        this.vms = vms;
        this.guests = guests;
        this.snapshots = snapshots;
        this.templates = templates;
        this.tasks = tasks;
        this.scopes = scopes;
    }

    /** The caller's scope, after checking that it sees the VM (404 otherwise, as for a VM that does not exist). */
    private TenantScope visible(String id, SecurityContext security) {
        TenantScope scope = scopes.of(Requests.user(security));
        if (scope.scoped()) {
            scope.vm(vms.vm(id));
        }
        return scope;
    }

    @GET
    public Page<VirtualMachine> list(
            @QueryParam("host") String host,
            @QueryParam("address") String address,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit,
            @Context SecurityContext security) {
        TenantScope scope = scopes.of(Requests.user(security));
        String hostId = QueryParams.text(host);
        String ip = QueryParams.text(address);
        if (ip != null) {
            return VmsByAddress.find(guests, vms, ip, hostId, scope, QueryParams.page(offset, limit));
        }
        if (!scope.scoped()) {
            return vms.vms(hostId, QueryParams.page(offset, limit));
        }
        if (hostId != null) {
            scope.requirePlatform(); // hosts are infrastructure
        }
        return vms.vmsInPools(scope.poolIds(), QueryParams.page(offset, limit));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(
            Bodies.CreateVm body,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        Bodies.CreateVm create = Requests.body(body);
        scopes.of(Requests.user(security)).checkCreate(create.hostId(), create.poolId());
        return Accepted.of(
                vms.create(create.hostId(), create.poolId(), create.spec(), Requests.principal(security)),
                seconds,
                tasks,
                uri);
    }

    @GET
    @Path("/{id}")
    public VirtualMachine get(@PathParam("id") String id, @Context SecurityContext security) {
        return scopes.of(Requests.user(security)).vm(vms.vm(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(
            @PathParam("id") String id,
            VmSpec spec,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(vms.update(id, Requests.body(spec), Requests.principal(security)), seconds, tasks, uri);
    }

    @DELETE
    @Path("/{id}")
    public Response delete(
            @PathParam("id") String id,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(vms.delete(id, Requests.principal(security)), seconds, tasks, uri);
    }

    @POST
    @Path("/{id}/actions/{action}")
    public Response act(
            @PathParam("id") String id,
            @PathParam("action") String action,
            @QueryParam("timeout") String timeout,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        // The action and whether the timeout applies to it are checked by core, from the declared operations: an
        // unknown action is bad input (400), not a missing resource, and REST, SOAP and the shell say it alike.
        Integer timeoutSeconds = timeoutSeconds(timeout);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(vms.act(id, action, timeoutSeconds, Requests.principal(security)), seconds, tasks, uri);
    }

    /** The {@code timeout} query parameter: a whole number; whether it applies and its bounds are core's to check. */
    static Integer timeoutSeconds(String raw) {
        return QueryParams.integer(Operations.TIMEOUT.name(), raw);
    }

    @POST
    @Path("/{id}/disks")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response attachDisk(
            @PathParam("id") String id,
            VmDisk disk,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(vms.attachDisk(id, Requests.body(disk), Requests.principal(security)), seconds, tasks, uri);
    }

    @DELETE
    @Path("/{id}/disks/{target}")
    public Response detachDisk(
            @PathParam("id") String id,
            @PathParam("target") String target,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(vms.detachDisk(id, target, Requests.principal(security)), seconds, tasks, uri);
    }

    @POST
    @Path("/{id}/nics")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response attachNic(
            @PathParam("id") String id,
            VmNic nic,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(vms.attachNic(id, Requests.body(nic), Requests.principal(security)), seconds, tasks, uri);
    }

    @DELETE
    @Path("/{id}/nics/{mac}")
    public Response detachNic(
            @PathParam("id") String id,
            @PathParam("mac") String mac,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(vms.detachNic(id, mac, Requests.principal(security)), seconds, tasks, uri);
    }

    @PUT
    @Path("/{id}/resources")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setResources(
            @PathParam("id") String id,
            VmResources resources,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(
                vms.setResources(id, Requests.body(resources), Requests.principal(security)), seconds, tasks, uri);
    }

    @POST
    @Path("/{id}/migrate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response migrate(
            @PathParam("id") String id,
            Bodies.Migration body,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security).requirePlatform(); // where a VM runs is infrastructure
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(
                vms.migrate(id, Requests.body(body).targetHostId(), Requests.principal(security)), seconds, tasks, uri);
    }

    // ---- snapshots

    @GET
    @Path("/{id}/snapshots")
    public List<VmSnapshot> snapshots(@PathParam("id") String id, @Context SecurityContext security) {
        visible(id, security);
        return snapshots.snapshots(id);
    }

    @POST
    @Path("/{id}/snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createSnapshot(
            @PathParam("id") String id,
            SnapshotRequest request,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(
                snapshots.createSnapshot(id, Requests.body(request), Requests.principal(security)),
                seconds,
                tasks,
                uri);
    }

    @POST
    @Path("/{id}/snapshots/{name}/revert")
    public Response revertSnapshot(
            @PathParam("id") String id,
            @PathParam("name") String name,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(snapshots.revertSnapshot(id, name, Requests.principal(security)), seconds, tasks, uri);
    }

    @DELETE
    @Path("/{id}/snapshots/{name}")
    public Response deleteSnapshot(
            @PathParam("id") String id,
            @PathParam("name") String name,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        visible(id, security);
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(snapshots.deleteSnapshot(id, name, Requests.principal(security)), seconds, tasks, uri);
    }

    // ---- templates and clones

    @PUT
    @Path("/{id}/template")
    public VirtualMachine markTemplate(@PathParam("id") String id, @Context SecurityContext security) {
        visible(id, security);
        return templates.markTemplate(id, true, Requests.principal(security));
    }

    @DELETE
    @Path("/{id}/template")
    public VirtualMachine unmarkTemplate(@PathParam("id") String id, @Context SecurityContext security) {
        visible(id, security);
        return templates.markTemplate(id, false, Requests.principal(security));
    }

    @GET
    @Path("/{id}/linked-clones")
    public List<VirtualMachine> linkedClones(@PathParam("id") String id, @Context SecurityContext security) {
        TenantScope scope = visible(id, security);
        List<VirtualMachine> clones = templates.linkedClones(id);
        return scope.scoped()
                ? clones.stream()
                        .filter(v -> scope.poolIds().contains(v.poolId()))
                        .toList()
                : clones;
    }

    @POST
    @Path("/{id}/clone")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response cloneVm(
            @PathParam("id") String id,
            CloneRequest request,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        TenantScope scope = visible(id, security);
        CloneRequest clone = Requests.body(request);
        if (scope.scoped()) {
            String pool = clone.poolId() == null || clone.poolId().isBlank()
                    ? vms.vm(id).poolId()
                    : clone.poolId();
            scope.checkCreate(clone.hostId(), pool);
        }
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(templates.clone(id, clone, Requests.principal(security)), seconds, tasks, uri);
    }

    @GET
    @Path("/{id}/consoles")
    public List<Console> consoles(@PathParam("id") String id, @Context SecurityContext security) {
        visible(id, security);
        return vms.consoles(id);
    }

    /**
     * What the VM's guest agent reports now (OS, host name, IP addresses), asked of the hypervisor: 409 when the VM
     * does not run; a guest whose agent does not answer is a 200 with {@code agentRunning} false and the reason.
     */
    @GET
    @Path("/{id}/guest")
    public VmGuest guest(@PathParam("id") String id, @Context SecurityContext security) {
        visible(id, security);
        return vms.guest(id);
    }

    /**
     * What the guest sampler last learned of the VM's guest (OS, host name, addresses, file systems with their recent
     * use), from memory: no hypervisor call, any state (a VM not sampled says why).
     */
    @GET
    @Path("/{id}/guest/sample")
    public GuestSample guestSample(@PathParam("id") String id, @Context SecurityContext security) {
        visible(id, security);
        return guests.sample(id);
    }

    @GET
    @Path("/{id}/stats")
    public List<VmSample> stats(
            @PathParam("id") String id,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @Context SecurityContext security) {
        visible(id, security);
        return vms.stats(id, QueryParams.instant("from", from), QueryParams.instant("to", to));
    }
}
