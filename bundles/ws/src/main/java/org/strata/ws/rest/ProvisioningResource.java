package org.strata.ws.rest;

import javax.ws.rs.Consumes;
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
import org.strata.api.Page;
import org.strata.api.StrataException;
import org.strata.api.os.OsService;
import org.strata.api.os.ProvisionRequest;
import org.strata.api.os.Provisioning;
import org.strata.api.task.TaskService;

/**
 * Provisioning an OS onto a VM or a bare-metal machine, as one task, and the record of each (the OS layer; 503 while
 * it is not running). Platform users only (BasicAuthFilter).
 */
@Path("/provisionings")
@Produces(MediaType.APPLICATION_JSON)
public class ProvisioningResource {
    private final OsService os;
    private final TaskService tasks;

    public ProvisioningResource(OsService os, TaskService tasks) {
        this.os = os;
        this.tasks = tasks;
    }

    /** 202 with the task {@code os.provision}; a request the profile or its driver cannot serve is a 400 first. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response provision(
            ProvisionRequest request,
            @QueryParam(Accepted.WAIT) String wait,
            @Context SecurityContext security,
            @Context UriInfo uri) {
        Integer seconds = Accepted.waitSeconds(wait);
        return Accepted.of(os.provision(complete(request), Requests.principal(security)), seconds, tasks, uri);
    }

    /**
     * The fields openapi.json states as required are there (a blank string counting as absent), checked here so that
     * the answer does not depend on whether the OS layer runs; what the values mean is the service's to check.
     */
    static ProvisionRequest complete(ProvisionRequest request) {
        Requests.body(request);
        required(request.targetType(), "targetType");
        required(request.targetId(), "targetId");
        required(request.profileId(), "profileId");
        required(request.method(), "method");
        required(request.hostname(), "hostname");
        return request;
    }

    private static void required(Object value, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw StrataException.invalid("field '" + field + "' is required");
        }
    }

    @GET
    public Page<Provisioning> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return os.provisionings(QueryParams.page(offset, limit));
    }

    @GET
    @Path("/{id}")
    public Provisioning get(@PathParam("id") String id) {
        return os.provisioning(id);
    }
}
