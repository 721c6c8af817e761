package org.strata.ws.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/**
 * The hand-written OpenAPI 3.0 description of this API, kept in the bundle next to this class.
 * OpenApiDocumentTest fails the build when it and the resource classes disagree.
 */
@Path("/openapi.json")
public class OpenApiResource {
    static final String DOCUMENT = "openapi.json";

    private final byte[] document;

    public OpenApiResource() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException("the bundle lacks " + DOCUMENT);
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] get() {
        return document.clone();
    }
}
