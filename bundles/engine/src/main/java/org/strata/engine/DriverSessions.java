package org.strata.engine;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Calls a host's driver through the platform's pooled session for that host: a hypervisor host's
 * {@link org.strata.spi.hypervisor.HypervisorSession}, a storage host's {@link org.strata.spi.storage.StorageSession},
 * a machine's {@link org.strata.spi.hardware.BmcSession}. The pool opens a session at the first call, shares it
 * between threads (SPI sessions are thread-safe), drops it when a call finds the host gone or its credentials
 * refused, and keeps the host's live state ({@link LiveHosts}) up to date. Never close the session you are given.
 */
@ProviderType
public interface DriverSessions {

    /**
     * Runs {@code call} with the host's session of the given type.
     *
     * @throws org.strata.api.StrataException NOT_FOUND for an unknown host; DRIVER_UNAVAILABLE when its driver is
     *                                        away; UNSUPPORTED when its driver has no session of that type;
     *                                        UNREACHABLE or AUTHENTICATION_FAILED when the host cannot be used now;
     *                                        the driver's fault, translated, when {@code call} fails
     */
    <S, T> T call(String hostId, Class<S> sessionType, SessionCall<S, T> call);

    /**
     * Tries the host again at the next call (since 1.2): the caller knows it has just come back (powered on through
     * its BMC), so the wait the pool keeps after failed attempts to reach it (up to a minute) no longer applies.
     */
    void retryNow(String hostId);
}
