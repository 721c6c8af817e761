package org.strata.ws.security;

import java.util.Optional;

/** Checks a user name and password; empty when they are wrong. Implementations never log the password. */
public interface Authenticator {

    /**
     * @param password the caller's password; the implementation may clear the array once done
     * @param origin   where the login comes from, for the realm's throttle and audit
     * @return the user with its roles, or empty when the credentials are not accepted
     * @throws LoginThrottledException when the realm holds logins from there back for a while
     */
    Optional<AuthenticatedUser> authenticate(String user, char[] password, ClientOrigin origin);
}
