package org.strata.ws.rest;

import java.util.List;
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
import org.strata.api.datacenter.AllocationService;
import org.strata.api.datacenter.PoolUsage;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.ws.security.Scopes;

/** Resource pools. */
@Path("/pools")
@Produces(MediaType.APPLICATION_JSON)
public class PoolResource {
    private final InventoryService inventory;
    private final AllocationService allocation;
    private final Scopes scopes;

    public PoolResource(InventoryService inventory, AllocationService allocation, Scopes scopes) {
        this.inventory = inventory;
        this.allocation = allocation;
        this.scopes = scopes;
    }

    private TenantScope scope(SecurityContext security) {
        return scopes.of(Requests.user(security));
    }

    /** Every top-level pool of a datacenter with its subtree: reserved, used and available (datacenter layer). */
    @GET
    @Path("/tree")
    public List<PoolUsage> tree(@QueryParam("datacenter") String datacenter, @Context SecurityContext security) {
        String id = QueryParams.text(datacenter);
        if (id == null) {
            throw org.strata.api.StrataException.invalid("datacenter is required");
        }
        TenantScope scope = scope(security);
        return scope.tree(allocation.tree(id));
    }

    /** The pool with its subtree: reserved, used and available (datacenter layer). */
    @GET
    @Path("/{id}/usage")
    public PoolUsage usage(@PathParam("id") String id, @Context SecurityContext security) {
        scope(security).requirePool(id);
        return allocation.usage(id);
    }

    @GET
    public Page<ResourcePool> list(
            @QueryParam("datacenter") String datacenter,
            @QueryParam("offset") String offset,
            @QueryParam("limit") String limit,
            @Context SecurityContext security) {
        return scope(security).pools(inventory, QueryParams.text(datacenter), QueryParams.page(offset, limit));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(PoolSpec spec, @Context SecurityContext security, @Context UriInfo uri) {
        scope(security).checkPool(Requests.body(spec), null);
        ResourcePool created = inventory.createPool(spec, Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/{id}")
    public ResourcePool get(@PathParam("id") String id, @Context SecurityContext security) {
        return scope(security).pool(inventory.pool(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ResourcePool update(@PathParam("id") String id, PoolSpec spec, @Context SecurityContext security) {
        TenantScope scope = scope(security);
        if (scope.scoped()) {
            scope.checkPool(Requests.body(spec), inventory.pool(id));
        }
        return inventory.updatePool(id, Requests.body(spec), Requests.principal(security));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        TenantScope scope = scope(security);
        if (scope.scoped()) {
            ResourcePool pool = scope.pool(inventory.pool(id));
            scope.checkPool(new PoolSpec(pool.datacenterId(), pool.parentId(), pool.name(), null, null, null), pool);
        }
        inventory.deletePool(id, Requests.principal(security));
        return Response.noContent().build();
    }
}
