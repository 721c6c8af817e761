package org.strata.ws.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.strata.api.ha.HaService;
import org.strata.api.ha.HostHa;

/** A host's HA state (the datacenter layer; 503 while it is not running; 404 unless its cluster has HA). */
@Path("/hosts/{id}/ha")
@Produces(MediaType.APPLICATION_JSON)
public class HostHaResource {
    private final HaService ha;

    public HostHaResource(HaService ha) {
        this.ha = ha;
    }

    @GET
    public HostHa get(@PathParam("id") String hostId) {
        return ha.host(hostId);
    }
}
