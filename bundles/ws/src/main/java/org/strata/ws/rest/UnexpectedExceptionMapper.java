package org.strata.ws.rest;

import java.util.UUID;
import javax.annotation.Priority;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;

/**
 * Anything no other mapper handles is a bug: the client gets 500 and a reference, the operator gets
 * the stack trace under the same reference in the log.
 */
@Priority(Problem.MAPPER_PRIORITY)
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        // Blueprint's answer for an optional service that is not running (the datacenter layer stopped or not
        // installed): the request may work later, as with a missing driver. Named, not imported, to keep the class
        // free of Blueprint.
        if (e.getClass().getName().equals("org.osgi.service.blueprint.container.ServiceUnavailableException")) {
            return Problem.of(
                            ErrorCode.UNAVAILABLE,
                            "the service this request needs is not running (the datacenter layer is the feature"
                                    + " strata-datacenter)")
                    .toResponse();
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("internal error; reference {}", reference, e);
        return Problem.of(ErrorCode.INTERNAL, "internal error; reference " + reference)
                .toResponse();
    }
}
