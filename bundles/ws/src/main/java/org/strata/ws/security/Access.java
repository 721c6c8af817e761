package org.strata.ws.security;

/** What a request needs: reading, or changing something. */
public enum Access {
    READ,
    WRITE;

    public boolean grantedTo(AuthenticatedUser user) {
        return this == READ ? user.mayRead() : user.mayWrite();
    }

    /** Safe HTTP methods only read; every other method may change something. */
    public static Access forHttpMethod(String method) {
        return switch (method == null ? "" : method.toUpperCase(java.util.Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS" -> READ;
            default -> WRITE;
        };
    }
}
