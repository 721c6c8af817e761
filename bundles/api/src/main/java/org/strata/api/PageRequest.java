package org.strata.api;

/** Which page of a list to return. Offsets start at 0; a limit is between 1 and {@link #MAX_LIMIT}. */
public record PageRequest(int offset, int limit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    public PageRequest {
        if (offset < 0) {
            throw StrataException.invalid("offset must be 0 or more, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw StrataException.invalid("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }

    public static PageRequest first() {
        return new PageRequest(0, DEFAULT_LIMIT);
    }

    /** Builds a request from optional query values, using the defaults for those that are absent. */
    public static PageRequest of(Integer offset, Integer limit) {
        return new PageRequest(offset == null ? 0 : offset, limit == null ? DEFAULT_LIMIT : limit);
    }
}
