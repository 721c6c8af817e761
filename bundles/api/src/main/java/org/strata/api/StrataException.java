package org.strata.api;

import java.util.Objects;

/**
 * The one exception the API throws. Its message is written for the person who made the request
 * and never contains a secret or a stack trace.
 */
public class StrataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public StrataException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code);
    }

    public StrataException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code);
    }

    public ErrorCode code() {
        return code;
    }

    public static StrataException invalid(String message) {
        return new StrataException(ErrorCode.INVALID_INPUT, message);
    }

    public static StrataException notFound(String kind, String id) {
        return new StrataException(ErrorCode.NOT_FOUND, kind + " '" + id + "' does not exist");
    }

    public static StrataException conflict(String message) {
        return new StrataException(ErrorCode.CONFLICT, message);
    }
}
