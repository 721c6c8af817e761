package org.strata.ws.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.strata.api.Page;
import org.strata.api.ha.Failover;
import org.strata.api.ha.HaService;

/** The recoveries of failed hosts, newest first (the datacenter layer; 503 while it is not running). */
@Path("/failovers")
@Produces(MediaType.APPLICATION_JSON)
public class FailoverResource {
    private final HaService ha;

    public FailoverResource(HaService ha) {
        this.ha = ha;
    }

    @GET
    public Page<Failover> list(
            @QueryParam("hostId") String hostId,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        return ha.failovers(QueryParams.text(hostId), QueryParams.page(offset, limit));
    }

    @GET
    @Path("/{id}")
    public Failover get(@PathParam("id") String id) {
        return ha.failover(id);
    }
}
