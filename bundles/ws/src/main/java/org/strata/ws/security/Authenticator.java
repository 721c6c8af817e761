package org.strata.ws.security;

import java.util.Optional;

/** Checks a user name and password; empty when they are wrong. Implementations never log the password. */
public interface Authenticator {

    /**
     * @param password the caller's password; the implementation may clear the array once done
     * @return the user with its roles, or empty when the credentials are not accepted
     */
    Optional<AuthenticatedUser> authenticate(String user, char[] password);
}
