package org.strata.ws.rest;

import javax.annotation.Priority;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;

/** The API's own failures: the status comes from the error code, the detail is the exception's message. */
@Priority(Problem.MAPPER_PRIORITY)
public final class StrataExceptionMapper implements ExceptionMapper<StrataException> {
    private static final Logger LOG = LoggerFactory.getLogger(StrataExceptionMapper.class);

    @Override
    public Response toResponse(StrataException e) {
        if (e.code().httpStatus() >= 500) {
            // The client sees the message only; the cause, where there is one (a driver's or the database's
            // exception), is for the operator. Without one (a driver that is away) a line is enough.
            if (e.getCause() != null) {
                LOG.warn("request failed with {}: {}", e.code(), e.getMessage(), e.getCause());
            } else {
                LOG.info("request failed with {}: {}", e.code(), e.getMessage());
            }
        }
        return Problem.of(e.code(), e.getMessage()).toResponse();
    }
}
