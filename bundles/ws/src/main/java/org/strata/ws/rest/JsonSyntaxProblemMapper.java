package org.strata.ws.rest;

import com.fasterxml.jackson.core.JsonParseException;
import javax.annotation.Priority;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/**
 * Malformed JSON: 400. JAX-RS picks the mapper of the nearest exception type, and the Jackson JAX-RS
 * module ships mappers for exactly JsonParseException and JsonMappingException; mapping those exact
 * types here keeps ours chosen even if theirs get registered.
 */
@Priority(Problem.MAPPER_PRIORITY)
public final class JsonSyntaxProblemMapper implements ExceptionMapper<JsonParseException> {
    @Override
    public Response toResponse(JsonParseException e) {
        return JsonErrors.toResponse(e);
    }
}
