package org.strata.ws.rest;

import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import org.strata.api.monitor.HostSample;
import org.strata.api.vm.VmService;

/** A host's monitoring samples; beside {@link HostResource} because they come from another service. */
@Path("/hosts")
@Produces(MediaType.APPLICATION_JSON)
public class HostStatsResource {
    private final VmService vms;

    public HostStatsResource(VmService vms) {
        this.vms = vms;
    }

    @GET
    @Path("/{id}/stats")
    public List<HostSample> stats(
            @PathParam("id") String hostId, @QueryParam("from") String from, @QueryParam("to") String to) {
        return vms.hostStats(hostId, QueryParams.instant("from", from), QueryParams.instant("to", to));
    }
}
