package org.strata.ws.rest;

import javax.ws.rs.GET;
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
import org.strata.api.datacenter.PowerReport;
import org.strata.api.datacenter.PowerService;
import org.strata.api.task.TaskService;

/** Power management of a cluster (the datacenter layer; 503 while it is not running). */
@Path("/clusters/{id}/power")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterPowerResource {
    private final PowerService power;
    private final TaskService tasks;

    public ClusterPowerResource(PowerService power, TaskService tasks) {
        this.power = power;
        this.tasks = tasks;
    }

    /** A power management round computed now, nothing done: what manual mode shows. */
    @GET
    public PowerReport report(@PathParam("id") String id) {
        return power.power(id);
    }

    /** Carries a power management round out now: a task that empties hosts and powers them off, or powers hosts on. */
    @POST
    @Path("/apply")
    public Response apply(
            @PathParam("id") String id,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(power.applyPower(id, Requests.principal(security)), seconds, tasks, uri);
    }
}
