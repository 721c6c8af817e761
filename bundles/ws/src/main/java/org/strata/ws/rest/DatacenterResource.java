package org.strata.ws.rest;

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
import org.strata.api.Page;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.InventoryService;

/** Datacenters. */
@Path("/datacenters")
@Produces(MediaType.APPLICATION_JSON)
public class DatacenterResource {
    private final InventoryService inventory;

    public DatacenterResource(InventoryService inventory) {
        this.inventory = inventory;
    }

    @GET
    public Page<Datacenter> list(@QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        return inventory.datacenters(QueryParams.page(offset, limit));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(DatacenterSpec spec, @Context SecurityContext security, @Context UriInfo uri) {
        Datacenter created = inventory.createDatacenter(Requests.body(spec), Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/{id}")
    public Datacenter get(@PathParam("id") String id) {
        return inventory.datacenter(id);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Datacenter update(@PathParam("id") String id, DatacenterSpec spec, @Context SecurityContext security) {
        return inventory.updateDatacenter(id, Requests.body(spec), Requests.principal(security));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        inventory.deleteDatacenter(id, Requests.principal(security));
        return Response.noContent().build();
    }
}
