package org.strata.ws.rest;

import javax.annotation.Priority;
import javax.ws.rs.NotAcceptableException;
import javax.ws.rs.NotAllowedException;
import javax.ws.rs.NotFoundException;
import javax.ws.rs.NotSupportedException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import javax.ws.rs.ext.ExceptionMapper;
import org.strata.api.ErrorCode;

/**
 * Errors raised by the JAX-RS runtime itself (no such path, wrong method, wrong media type): the
 * status is kept and the body becomes a problem. The runtime's own messages are not passed on: they
 * may quote internals, and "HTTP 404 Not Found" tells the client nothing new.
 */
@Priority(Problem.MAPPER_PRIORITY)
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private final OptionsFilter options;

    @Context
    private UriInfo uri;

    /** Without routes (tests of the mapping alone), a 405 keeps the Allow header CXF gave. */
    public WebApplicationExceptionMapper() {
        this(null);
    }

    /** @param options knows each path's methods: a 405 says those of the resource asked for */
    public WebApplicationExceptionMapper(OptionsFilter options) {
        this.options = options;
    }

    @Override
    public Response toResponse(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original == null ? 500 : original.getStatus();
        Response.ResponseBuilder out = problem(e, status).toResponseBuilder();
        if (status == 405 && options != null && uri != null) {
            java.util.Set<String> allowed = options.routes().allowed(uri.getPath());
            if (!allowed.isEmpty()) {
                return out.header(HttpHeaders.ALLOW, String.join(", ", allowed)).build();
            }
        }
        if (original != null) {
            // 405 must say what is allowed; a redirect or a 503 may carry headers that matter too.
            for (String header : new String[] {HttpHeaders.ALLOW, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER}) {
                java.util.List<Object> values = original.getHeaders().get(header);
                if (values != null && !values.isEmpty()) {
                    // One header, values joined: CXF keeps each allowed method as a value of its own.
                    out.header(
                            header,
                            values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")));
                }
            }
        }
        return out.build();
    }

    private static Problem problem(WebApplicationException e, int status) {
        if (e instanceof NotFoundException || status == 404) {
            return Problem.of(ErrorCode.NOT_FOUND, "no resource at this path");
        }
        if (e instanceof NotAllowedException || status == 405) {
            return Problem.of(405, ErrorCode.INVALID_INPUT.name(), "this method is not allowed here");
        }
        if (e instanceof NotSupportedException || status == 415) {
            return Problem.of(415, ErrorCode.INVALID_INPUT.name(), "unsupported content type; send application/json");
        }
        if (e instanceof NotAcceptableException || status == 406) {
            return Problem.of(
                    406,
                    ErrorCode.INVALID_INPUT.name(),
                    "cannot produce the accepted media types; accept application/json");
        }
        if (status == 401) {
            return Problem.of(ErrorCode.UNAUTHENTICATED, "authentication required");
        }
        if (status == 403) {
            return Problem.of(ErrorCode.FORBIDDEN, "not allowed");
        }
        if (status >= 500) {
            return Problem.of(status, ErrorCode.INTERNAL.name(), "the server could not handle the request");
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String reason = type == null
                ? "the request was not accepted"
                : type.getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
        return Problem.of(status, ErrorCode.INVALID_INPUT.name(), reason);
    }
}
