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
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.datacenter.TenantService;
import org.strata.api.datacenter.TenantSpec;
import org.strata.api.datacenter.TenantUsage;
import org.strata.ws.security.Scopes;

/** Tenants and their quotas (the datacenter layer; 503 while it is not running). */
@Path("/tenants")
@Produces(MediaType.APPLICATION_JSON)
public class TenantResource {
    private final TenantService tenants;
    private final Scopes scopes;

    public TenantResource(TenantService tenants, Scopes scopes) {
        this.tenants = tenants;
        this.scopes = scopes;
    }

    private TenantScope scope(SecurityContext security) {
        return scopes.of(Requests.user(security));
    }

    @GET
    public Page<Tenant> list(
            @QueryParam("offset") String offset, @QueryParam("limit") String limit, @Context SecurityContext security) {
        return scope(security).tenants(tenants, QueryParams.page(offset, limit));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(TenantSpec spec, @Context SecurityContext security, @Context UriInfo uri) {
        scope(security).requirePlatform(); // quotas are the platform's to set
        Tenant created = tenants.createTenant(Requests.body(spec), Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/{id}")
    public Tenant get(@PathParam("id") String id, @Context SecurityContext security) {
        return scope(security).tenant(tenants.tenant(id));
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Tenant update(@PathParam("id") String id, TenantSpec spec, @Context SecurityContext security) {
        scope(security).requirePlatform();
        return tenants.updateTenant(id, Requests.body(spec), Requests.principal(security));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@PathParam("id") String id, @Context SecurityContext security) {
        scope(security).requirePlatform();
        tenants.deleteTenant(id, Requests.principal(security));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/usage")
    public TenantUsage usage(@PathParam("id") String id, @Context SecurityContext security) {
        TenantScope scope = scope(security);
        if (scope.scoped()) {
            scope.tenant(tenants.tenant(id));
        }
        return tenants.usage(id);
    }
}
