package org.strata.bench.fuzz;

/** What the document says of a generated request, and so what its answer may be. */
enum Intent {
    /** Conforms to the document, with plausible values: a 2xx is due, or 404/409 where the state decides. */
    VALID,
    /** Conforms to the document, with values at its edges (empty, long, unicode, odd ids, bounds): any documented answer. */
    EDGE,
    /** Violates a constraint the document states (or carries a query parameter it does not know): a 2xx accepts what it forbids. */
    INVALID,
    /** A method or path the document does not have: a 4xx problem is due. */
    OFF_DOCUMENT,
    /** No or wrong credentials: a 401 with WWW-Authenticate is due. */
    UNAUTHENTICATED
}
