package org.strata.ws.rest;

import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.strata.api.datacenter.PowerService;
import org.strata.api.task.TaskService;

/** A host in power management's standby (the datacenter layer; 503 while it is not running). */
@Path("/hosts/{id}/standby")
@Produces(MediaType.APPLICATION_JSON)
public class HostStandbyResource {
    private final PowerService power;
    private final TaskService tasks;

    public HostStandbyResource(PowerService power, TaskService tasks) {
        this.power = power;
        this.tasks = tasks;
    }

    /** Powers the host on through its BMC and takes it out of standby once its hypervisor answers. */
    @POST
    @Path("/exit")
    public Response exit(
            @PathParam("id") String id,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(power.exitStandby(id, Requests.principal(security)), seconds, tasks, uri);
    }
}
