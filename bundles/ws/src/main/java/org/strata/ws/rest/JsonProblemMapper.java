package org.strata.ws.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import javax.annotation.Priority;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** Any other Jackson failure on a request body: 400. See {@link JsonSyntaxProblemMapper} for why there are three. */
@Priority(Problem.MAPPER_PRIORITY)
public final class JsonProblemMapper implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
        return JsonErrors.toResponse(e);
    }
}
