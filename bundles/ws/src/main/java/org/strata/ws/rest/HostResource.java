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
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.InventoryService;
import org.strata.api.task.TaskService;
import org.strata.api.vm.VirtualMachine;

/** Managed hosts, their virtual machines, and the tasks that act on them. */
@Path("/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostResource {

    private final InventoryService inventory;
    private final TaskService tasks;

    public HostResource(InventoryService inventory, TaskService tasks) {
        this.inventory = inventory;
        this.tasks = tasks;
    }

    @GET
    public Page<Host> list(
            @QueryParam("datacenter") String datacenter,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return inventory.hosts(QueryParams.text(datacenter), QueryParams.page(offset, limit));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(HostSpec spec, @Context SecurityContext security, @Context UriInfo uri) {
        Host created = inventory.addHost(Requests.body(spec), Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/{id}")
    public Host get(@PathParam("id") String id) {
        return inventory.host(id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Host update(@PathParam("id") String id, HostSpec spec, @Context SecurityContext security) {
        return inventory.updateHost(id, Requests.body(spec), Requests.principal(security));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        inventory.removeHost(id, Requests.principal(security));
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/refresh")
    public Response refresh(
            @PathParam("id") String id,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(inventory.refreshHost(id, Requests.principal(security)), seconds, tasks, uri);
    }

    @GET
    @Path("/{id}/vms")
    public List<VirtualMachine> virtualMachines(@PathParam("id") String id) {
        return inventory.virtualMachines(id);
    }

    /**
     * The first API's power route, documented and so kept, but deprecated in the OpenAPI document in favour of
     * {@code POST /vms/{id}/actions/{action}}. A VM id the inventory does not know is looked for by the task.
     */
    @POST
    @Path("/{id}/vms/{vmId}/{operation}")
    public Response power(
            @PathParam("id") String id,
            @PathParam("vmId") String vmId,
            @PathParam("operation") String operation,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        // Core checks the operation against the declared ones: an unknown one is bad input (400), not a missing
        // resource, and SOAP and the shell say it alike.
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(
                inventory.powerVirtualMachine(id, vmId, operation, Requests.principal(security)), seconds, tasks, uri);
    }
}
