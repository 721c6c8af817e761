package org.strata.core.sessions;

import java.util.function.Function;
import org.strata.repository.StoredHost;

/**
 * Calls through the pooled sessions of one kind of host (hypervisor, storage, BMC). Core's services and the engine's
 * {@code DriverSessions} reach a host through this one way, so that opening, sharing and dropping a session and
 * translating its driver's faults happen in one place, {@link SessionPool#call}, for every caller.
 *
 * @param <S> the session type
 */
public interface SessionCalls<S> {

    /**
     * Runs {@code work} with the host's session, opening one when needed.
     *
     * @throws org.strata.api.StrataException DRIVER_UNAVAILABLE or UNSUPPORTED when the host's driver is away or of
     *                                        another kind; the reason opening failed; the driver's fault,
     *                                        translated, when {@code work} fails
     */
    <T> T call(StoredHost host, Function<S, T> work);
}
