package org.strata.engine;

import org.osgi.annotation.versioning.ProviderType;

/** Asks whether a hypervisor host answers now: HA's first signal, asked every second of every host it watches. */
@ProviderType
public interface HostProbe {

    /**
     * Whether the host's hypervisor answers: its open session is alive (without a round trip where the driver can
     * tell, see {@code HypervisorSession.alive}), or a new one opens. A session found dead is dropped and the host
     * recorded UNREACHABLE, as a failed call would. Blocks at most as long as opening a session takes; never throws.
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
}
