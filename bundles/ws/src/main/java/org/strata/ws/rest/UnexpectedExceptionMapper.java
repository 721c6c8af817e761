package org.strata.ws.rest;

import java.util.UUID;
import javax.annotation.Priority;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.ErrorCode;
import org.strata.ws.layer.Layers;

/**
 * Anything no other mapper handles is a bug: the client gets 500 and a reference, the operator gets
 * the stack trace under the same reference in the log.
 */
@Priority(Problem.MAPPER_PRIORITY)
public final class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);

    @Override
    public Response toResponse(Throwable e) {
        // Blueprint's answer for an optional service that is not running (the datacenter or the OS layer stopped or
        // not installed): the request may work later, as with a missing driver.
        if (Layers.notRunning(e)) {
            return Problem.of(ErrorCode.UNAVAILABLE, Layers.message(e)).toResponse();
        }
        String reference = UUID.randomUUID().toString();
        LOG.error("internal error; reference {}", reference, e);
        return Problem.of(ErrorCode.INTERNAL, "internal error; reference " + reference)
                .toResponse();
    }
}
