package org.strata.ws.rest;

import javax.ws.rs.core.SecurityContext;
import javax.ws.rs.core.UriBuilder;
import javax.ws.rs.core.UriInfo;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

/** Small checks shared by the resources. */
final class Requests {

    private Requests() {}

    /**
     * The API's base URI as the client addressed it. CXF's {@code getBaseUri()} can name the endpoint
     * by another host than the request did (seen: "localhost" for a request to 127.0.0.1), so links are
     * derived from the request's own absolute path, as {@code getAbsolutePathBuilder()} is.
     */
    static UriBuilder base(UriInfo uri) {
        String absolute = uri.getAbsolutePath().toString();
        String relative = uri.getPath(false);
        String base = absolute.endsWith(relative)
                ? absolute.substring(0, absolute.length() - relative.length())
                : uri.getBaseUri().toString();
        return UriBuilder.fromUri(base.endsWith("/") ? base : base + "/");
    }

    /** The authenticated user's name, for the API's {@code principal} argument. */
    static String principal(SecurityContext security) {
        if (security == null || security.getUserPrincipal() == null) {
            // The authentication filter runs before every resource, so this is a wiring mistake.
            throw new StrataException(ErrorCode.UNAUTHENTICATED, "authentication required");
        }
        return security.getUserPrincipal().getName();
    }

    /** The authenticated user, with its roles. */
    static org.strata.ws.security.AuthenticatedUser user(SecurityContext security) {
        principal(security);
        if (!(security.getUserPrincipal() instanceof org.strata.ws.security.AuthenticatedUser user)) {
            throw new StrataException(ErrorCode.UNAUTHENTICATED, "authentication required");
        }
        return user;
    }

    /** JAX-RS hands a resource null for an empty body (and for the JSON literal null). */
    static <T> T body(T body) {
        if (body == null) {
            throw StrataException.invalid("a JSON request body is required");
        }
        return body;
    }
}
