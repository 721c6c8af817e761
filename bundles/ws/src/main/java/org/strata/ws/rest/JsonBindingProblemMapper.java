package org.strata.ws.rest;

import com.fasterxml.jackson.databind.JsonMappingException;
import javax.annotation.Priority;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;

/** Well-formed JSON that does not fit the expected shape (unknown field, wrong type): 400. */
@Priority(Problem.MAPPER_PRIORITY)
public final class JsonBindingProblemMapper implements ExceptionMapper<JsonMappingException> {
    @Override
    public Response toResponse(JsonMappingException e) {
        return JsonErrors.toResponse(e);
    }
}
