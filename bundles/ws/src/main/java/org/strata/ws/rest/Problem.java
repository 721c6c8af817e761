package org.strata.ws.rest;

import java.util.Locale;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.strata.api.ErrorCode;

/**
 * An RFC 7807 problem, the body of every error response. {@code code} is the {@link ErrorCode} name,
 * so clients can branch without parsing text.
 */
public record Problem(String type, String title, int status, String detail, String code) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final MediaType MEDIA = MediaType.valueOf(MEDIA_TYPE);
    /**
     * Priority of this bundle's exception mappers. CXF breaks a tie between mappers of the same
     * exception type by priority, then by registration order; a value below the default USER (5000)
     * keeps ours ahead of Jackson's own mappers whatever the order they were registered in.
     */
    public static final int MAPPER_PRIORITY = javax.ws.rs.Priorities.USER - 1000;

    /** A problem about one of the API's error codes, typed {@code urn:strata:problem:<code>}. */
    public static Problem of(ErrorCode code, String detail) {
        return of(code.httpStatus(), code.name(), detail);
    }

    /** A problem with the given status and code, typed {@code urn:strata:problem:<code>}. */
    public static Problem of(int status, String code, String detail) {
        return new Problem(
                "urn:strata:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-'),
                title(code),
                status,
                detail,
                code);
    }

    /** "NOT_FOUND" -> "Not found". */
    static String title(String code) {
        String words = code.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    public Response toResponse() {
        return toResponseBuilder().build();
    }

    public Response.ResponseBuilder toResponseBuilder() {
        return Response.status(status).type(MEDIA).entity(this);
    }
}
