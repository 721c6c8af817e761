package org.strata.ws.rest;

import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HEAD;
import javax.ws.rs.OPTIONS;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.core.Response;
import org.strata.api.ErrorCode;

/**
 * Everything outside /api/v1 and the SOAP services: CXF's servlet, at the root, would answer an HTML page ("No
 * service was found"). Served by a JAX-RS endpoint at "/", which CXF chooses only when no longer address matches.
 */
@Path("/")
public class NoSuchResource {

    private static Response notFound() {
        return Problem.of(ErrorCode.NOT_FOUND, "no resource at this path; the REST API is at /api/v1, SOAP at /soap")
                .toResponse();
    }

    @GET
    @Path("{any: .*}")
    public Response get() {
        return notFound();
    }

    @HEAD
    @Path("{any: .*}")
    public Response head() {
        return notFound();
    }

    @POST
    @Path("{any: .*}")
    public Response post() {
        return notFound();
    }

    @PUT
    @Path("{any: .*}")
    public Response put() {
        return notFound();
    }

    @DELETE
    @Path("{any: .*}")
    public Response delete() {
        return notFound();
    }

    @PATCH
    @Path("{any: .*}")
    public Response patch() {
        return notFound();
    }

    @OPTIONS
    @Path("{any: .*}")
    public Response options() {
        return notFound();
    }
}
