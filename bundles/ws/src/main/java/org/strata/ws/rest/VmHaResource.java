package org.strata.ws.rest;

import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.SecurityContext;
import org.strata.api.ha.HaService;
import org.strata.api.ha.VmHa;
import org.strata.api.ha.VmHaSpec;
import org.strata.ws.security.Scopes;

/**
 * A VM's HA settings (the datacenter layer; 503 while it is not running). Its own root resource, beside
 * {@link VmResource}, so that HA stays optional while VMs are not. Platform users only: whether and where a VM is
 * restarted, and what it costs its cluster's admission control, is infrastructure, as its host is.
 */
@Path("/vms/{id}/ha")
@Produces(MediaType.APPLICATION_JSON)
public class VmHaResource {
    private final HaService ha;
    private final Scopes scopes;

    public VmHaResource(HaService ha, Scopes scopes) {
        this.ha = ha;
        this.scopes = scopes;
    }

    @GET
    public VmHa get(@PathParam("id") String vmId, @Context SecurityContext security) {
        scopes.of(Requests.user(security)).requirePlatform();
        return ha.vmHa(vmId);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public VmHa set(@PathParam("id") String vmId, VmHaSpec spec, @Context SecurityContext security) {
        scopes.of(Requests.user(security)).requirePlatform();
        return ha.setVmHa(vmId, Requests.body(spec), Requests.principal(security));
    }
}
