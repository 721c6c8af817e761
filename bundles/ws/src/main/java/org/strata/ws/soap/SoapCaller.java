package org.strata.ws.soap;

import org.strata.ws.security.AuthenticatedUser;

/** Who is calling the current SOAP operation, as {@link SoapAuthInterceptor} established it. */
public interface SoapCaller {

    /** The caller, or null when no authentication ran (a wiring mistake). */
    AuthenticatedUser current();

    /** The caller's name, for a read. */
    default String reader() throws StrataFault {
        AuthenticatedUser user = current();
        if (user == null) {
            throw new StrataFault(org.strata.api.ErrorCode.UNAUTHENTICATED.name(), "authentication required");
        }
        return user.name();
    }

    /** The caller's name, for a change: that needs the role admin or manager. */
    default String writer() throws StrataFault {
        String name = reader();
        if (!current().mayWrite()) {
            throw new StrataFault(org.strata.api.ErrorCode.FORBIDDEN.name(), "this needs the role admin or manager");
        }
        return name;
    }
}
