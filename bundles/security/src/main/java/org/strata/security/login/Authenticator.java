package org.strata.security.login;

import java.util.Optional;

/**
 * Checks a user name and password against Karaf's JAAS realm; empty when they are wrong. Implementations never log
 * the password. Registered as an OSGi service by this bundle.
 */
public interface Authenticator {

    /**
     * @param password the caller's password; the implementation may clear the array once done
     * @param origin   where the login comes from, for the realm's throttle and audit
     * @return the user with its roles, or empty when the credentials are not accepted
     * @throws LoginThrottledException when the realm holds logins from there back for a while
     */
    Optional<Login> authenticate(String user, char[] password, ClientOrigin origin);
}
