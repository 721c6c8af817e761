package org.strata.engine;

import java.time.Instant;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;
import org.strata.api.monitor.HostSample;

/**
 * Live state of hosts as the platform last saw it, without calling a driver: for placement and HA, which ask
 * often and about many hosts.
 */
@ProviderType
public interface LiveHosts {

    /** The host's status now; NOT_FOUND (a {@link org.strata.api.StrataException}) for an unknown host. */
    HostStatus status(String hostId);

    /** The host's statistics samples between the two instants, oldest first (empty when none are kept). */
    List<HostSample> samples(String hostId, Instant from, Instant to);
}
