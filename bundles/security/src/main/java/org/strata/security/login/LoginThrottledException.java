package org.strata.security.login;

import java.time.Duration;

/**
 * The realm refused to check the credentials: too many failed logins from this address or for this user lately.
 * Not a wrong password (which is an empty answer): the client may try again after {@link #retryAfter()}.
 */
public final class LoginThrottledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public LoginThrottledException(Duration retryAfter) {
        super("too many failed logins; try again in " + retryAfter.toSeconds() + " s", null, false, false);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
