package org.strata.ws.rest;

import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.ClusterHaSpec;
import org.strata.api.ha.HaService;
import org.strata.api.ha.HostHa;

/** A cluster's HA settings and the HA state of its hosts (the datacenter layer; 503 while it is not running). */
@Path("/clusters/{id}/ha")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterHaResource {
    private final HaService ha;

    public ClusterHaResource(HaService ha) {
        this.ha = ha;
    }

    @GET
    public ClusterHa get(@PathParam("id") String clusterId) {
        return ha.clusterHa(clusterId);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public ClusterHa set(@PathParam("id") String clusterId, ClusterHaSpec spec, @Context SecurityContext security) {
        return ha.setClusterHa(clusterId, Requests.body(spec), Requests.principal(security));
    }

    /** The cluster's hosts; an unknown cluster is a 404, not an empty list (the service's hosts(null) means all). */
    @GET
    @Path("/hosts")
    public List<HostHa> hosts(@PathParam("id") String clusterId) {
        ha.clusterHa(clusterId);
        return ha.hosts(clusterId);
    }
}
