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
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.AffinityGroupSpec;
import org.strata.api.datacenter.AffinityService;
import org.strata.api.task.TaskService;

/** A cluster's affinity and anti-affinity groups (the datacenter layer; 503 while it is not running). */
@Path("/clusters/{id}/affinity-groups")
@Produces(MediaType.APPLICATION_JSON)
public class AffinityResource {
    private final AffinityService affinity;
    private final TaskService tasks;

    public AffinityResource(AffinityService affinity, TaskService tasks) {
        this.affinity = affinity;
        this.tasks = tasks;
    }

    @GET
    public List<AffinityGroup> list(@PathParam("id") String clusterId) {
        return affinity.groups(clusterId);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(
            @PathParam("id") String clusterId,
            AffinityGroupSpec spec,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        AffinityGroup created = affinity.createGroup(clusterId, Requests.body(spec), Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/{groupId}")
    public AffinityGroup get(@PathParam("id") String clusterId, @PathParam("groupId") String id) {
        return affinity.group(clusterId, id);
    }

    @PUT
    @Path("/{groupId}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AffinityGroup update(
            @PathParam("id") String clusterId,
            @PathParam("groupId") String id,
            AffinityGroupSpec spec,
            @Context SecurityContext security) {
        return affinity.updateGroup(clusterId, id, Requests.body(spec), Requests.principal(security));
    }

    @DELETE
    @Path("/{groupId}")
    public Response delete(
            @PathParam("id") String clusterId, @PathParam("groupId") String id, @Context SecurityContext security) {
        affinity.deleteGroup(clusterId, id, Requests.principal(security));
        return Response.noContent().build();
    }

    /** Creates a VM as a member, as {@code POST /vms} creates one (same body); the task ends once it is a member. */
    @POST
    @Path("/{groupId}/vms")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createVm(
            @PathParam("id") String clusterId,
            @PathParam("groupId") String id,
            Bodies.CreateVm body,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        Bodies.CreateVm create = Requests.body(body);
        return Accepted.of(
                affinity.createVm(
                        clusterId, id, create.hostId(), create.poolId(), create.spec(), Requests.principal(security)),
                seconds,
                tasks,
                uri);
    }

    @PUT
    @Path("/{groupId}/vms/{vmId}")
    public AffinityGroup addVm(
            @PathParam("id") String clusterId,
            @PathParam("groupId") String id,
            @PathParam("vmId") String vmId,
            @Context SecurityContext security) {
        return affinity.addVm(clusterId, id, vmId, Requests.principal(security));
    }

    @DELETE
    @Path("/{groupId}/vms/{vmId}")
    public AffinityGroup removeVm(
            @PathParam("id") String clusterId,
            @PathParam("groupId") String id,
            @PathParam("vmId") String vmId,
            @Context SecurityContext security) {
        return affinity.removeVm(clusterId, id, vmId, Requests.principal(security));
    }
}
