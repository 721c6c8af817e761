package org.strata.ws.rest;

import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.strata.api.hardware.DiscoveryRequest;
import org.strata.api.hardware.HardwareService;
import org.strata.api.task.TaskService;

/**
 * Discovery of bare-metal machines by their BMCs. The request carries passwords: they go to the service
 * only, and nothing here returns or logs the request (the answer is the task).
 */
@Path("/hardware")
@Produces(MediaType.APPLICATION_JSON)
public class DiscoveryResource {
    private final HardwareService hardware;
    private final TaskService tasks;

    public DiscoveryResource(HardwareService hardware, TaskService tasks) {
        this.hardware = hardware;
        this.tasks = tasks;
    }

    @POST
    @Path("/discoveries")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response discover(
            DiscoveryRequest request,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(
                hardware.discover(Requests.body(request), Requests.principal(security)), seconds, tasks, uri);
    }
}
