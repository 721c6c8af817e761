package org.strata.security.throttle;

import java.time.Duration;
import java.util.Objects;

/**
 * How failed logins are throttled (etc/org.strata.security.cfg).
 *
 * @param freeFailures     failed logins from one address (or of one user at one address) before it is locked out
 * @param firstLockout     the first lockout; each further failure doubles it
 * @param maxLockout       the longest lockout of an address, or of a user at an address
 * @param userFreeFailures failed logins of one user, from anywhere, before that user is locked out
 * @param userMaxLockout   the longest lockout of a user from anywhere: short, since an attacker can cause it
 * @param forgetAfter      a count not added to for this long starts again from zero
 * @param trustedFor       how long a successful login makes its address exempt from its user's lockout
 * @param maxTracked       most entries per table (addresses, users, user-address pairs)
 */
public record ThrottleSettings(
        int freeFailures,
        Duration firstLockout,
        Duration maxLockout,
        int userFreeFailures,
        Duration userMaxLockout,
        Duration forgetAfter,
        Duration trustedFor,
        int maxTracked) {

    public ThrottleSettings {
        Objects.requireNonNull(firstLockout);
        Objects.requireNonNull(maxLockout);
        Objects.requireNonNull(userMaxLockout);
        Objects.requireNonNull(forgetAfter);
        Objects.requireNonNull(trustedFor);
        if (freeFailures < 0
                || userFreeFailures < 0
                || maxTracked < 16
                || firstLockout.isNegative()
                || maxLockout.compareTo(firstLockout) < 0
                || userMaxLockout.isNegative()) {
            throw new IllegalArgumentException("login throttle settings out of range: " + freeFailures + ", "
                    + firstLockout + ", " + maxLockout + ", " + userFreeFailures + ", " + userMaxLockout + ", "
                    + maxTracked);
        }
    }
}
