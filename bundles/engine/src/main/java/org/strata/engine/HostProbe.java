package org.strata.engine;

import org.osgi.annotation.versioning.ProviderType;

/** Asks whether a hypervisor host answers now: HA's first signal, asked every second of every host it watches. */
@ProviderType
public interface HostProbe {

    /**
     * Whether the host's hypervisor answers: its open session is alive (without a round trip where the driver can
     * tell, see {@code HypervisorSession.alive}), or a new one opens. A session found dead is dropped and the host
     * recorded UNREACHABLE, as a failed call would. Never throws, but may block as long as a call to a host whose network
     * vanished silently can: callers bound their wait.
     */
    boolean alive(String hostId);

    /**
     * Like {@link #alive} for a host known to have been down: the wait that spaces out reconnection attempts to an
     * unreachable host (up to a minute) is skipped, so that a host back from a failure is seen within seconds. Call it
     * sparingly (HA does, every few seconds, for hosts it holds failed, fenced or isolated).
     */
    default boolean reconnect(String hostId) {
        return alive(hostId);
    }

    /**
     * The host did not answer within the caller's bound: its session is retired and the host recorded UNREACHABLE, so
     * that new calls open a new connection (and fail fast while the host is away) instead of queueing behind calls
     * that wait on the silent one. Calls in flight on it end when the host answers or resets them.
     */
    default void silent(String hostId, String why) {}

    /**
     * Whether the host can be asked at all: its driver runs in this Strata. A host whose driver does not run (Strata
     * just started and the driver's bundle has not registered yet, or the driver is being updated) says nothing by
     * not answering: callers take its silence as unknown, not as a sign of failure. Cheap enough to ask whenever
     * {@link #alive} said no.
     */
    default boolean askable(String hostId) {
        return true;
    }
}
