package org.strata.ws.rest;

import java.util.List;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriInfo;
import org.strata.api.StrataException;
import org.strata.api.os.InstallTree;
import org.strata.api.os.InstallTreeSpec;
import org.strata.api.os.OsImage;
import org.strata.api.os.OsImageSpec;
import org.strata.api.os.OsProfileInfo;
import org.strata.api.os.OsService;

/**
 * The OS layer's catalogue: the profiles its OS family drivers offer, golden images and install trees (the OS layer;
 * 503 while it is not running). Platform users only (BasicAuthFilter): images and trees are the platform's, and a
 * provisioning may target a bare-metal machine.
 */
@Path("/os")
@Produces(MediaType.APPLICATION_JSON)
public class OsResource {
    private final OsService os;

    public OsResource(OsService os) {
        this.os = os;
    }

    @GET
    @Path("/profiles")
    public List<OsProfileInfo> profiles() {
        return os.profiles();
    }

    @GET
    @Path("/profiles/{id}")
    public OsProfileInfo profile(@PathParam("id") String id) {
        return os.profile(id);
    }

    @GET
    @Path("/images")
    public List<OsImage> images() {
        return os.images();
    }

    @POST
    @Path("/images")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response registerImage(OsImageSpec spec, @Context SecurityContext security, @Context UriInfo uri) {
        OsImage created = os.registerImage(Requests.body(spec), Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    @GET
    @Path("/images/{id}")
    public OsImage image(@PathParam("id") String id) {
        return os.image(id);
    }

    @DELETE
    @Path("/images/{id}")
    public Response removeImage(@PathParam("id") String id, @Context SecurityContext security) {
        os.removeImage(id, Requests.principal(security));
        return Response.noContent().build();
    }

    @GET
    @Path("/trees")
    public List<InstallTree> trees() {
        return os.installTrees();
    }

    @POST
    @Path("/trees")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response registerTree(InstallTreeSpec spec, @Context SecurityContext security, @Context UriInfo uri) {
        InstallTree created = os.registerInstallTree(Requests.body(spec), Requests.principal(security));
        return Response.created(uri.getAbsolutePathBuilder().path(created.id()).build())
                .entity(created)
                .build();
    }

    /**
     * The API reads trees as a list only; this one route makes the Location of a registration something a client can
     * GET, as for every other object created over REST.
     */
    @GET
    @Path("/trees/{id}")
    public InstallTree tree(@PathParam("id") String id) {
        return os.installTrees().stream()
                .filter(t -> t.id().equals(id))
                .findFirst()
                .orElseThrow(() -> StrataException.notFound("install tree", id));
    }

    @DELETE
    @Path("/trees/{id}")
    public Response removeTree(@PathParam("id") String id, @Context SecurityContext security) {
        os.removeInstallTree(id, Requests.principal(security));
        return Response.noContent().build();
    }
}
