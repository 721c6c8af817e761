package org.strata.api;

/**
 * Every failure a caller of the API can see, with the HTTP status the REST API answers with.
 * The SOAP API carries the same code in its fault, and the shell prints it.
 */
public enum ErrorCode {
    /** Malformed or invalid input: nothing was changed. */
    INVALID_INPUT(400),
    /** The caller is not authenticated. */
    UNAUTHENTICATED(401),
    /** The caller is authenticated but lacks the role the request needs (viewer reads; manager, admin write). */
    FORBIDDEN(403),
    /**
     * Too many failed logins from the caller's address, or for the user, lately: the credentials were not even
     * checked. Retry after the time the answer gives (REST: the Retry-After header).
     */
    THROTTLED(429),
    /** The named object does not exist. */
    NOT_FOUND(404),
    /** The request clashes with the current state (duplicate name, object in use, wrong state). */
    CONFLICT(409),
    /** The driver managing the target cannot do this (see its capabilities). */
    UNSUPPORTED(501),
    /** The managed system (host, BMC, array) could not be reached. */
    UNREACHABLE(502),
    /** The managed system refused the stored credentials. */
    AUTHENTICATION_FAILED(502),
    /** The driver failed while doing what was asked. */
    DRIVER_FAILURE(502),
    /** The driver that manages the target is not installed or not running right now. */
    DRIVER_UNAVAILABLE(503),
    /**
     * Strata cannot serve the request right now, for a reason of its own that should pass (its repository's disk
     * is full or its database is unreachable); the same request may work later.
     */
    UNAVAILABLE(503),
    /** Strata itself failed; the message says no more than is safe to tell. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
