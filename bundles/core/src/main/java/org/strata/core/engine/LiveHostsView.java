package org.strata.core.engine;

import java.time.Instant;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.StrataException;
import org.strata.api.inventory.HostState;
import org.strata.api.monitor.HostSample;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.monitoring.MetricsStore;
import org.strata.core.sessions.HostSessions;
import org.strata.core.sessions.HostStates;
import org.strata.engine.HostStatus;
import org.strata.engine.LiveHosts;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;

/** Live host state for the engine: the same rules as the inventory's host read model, and the monitor's samples. */
@Component(service = LiveHosts.class)
public final class LiveHostsView implements LiveHosts {

    private final HostStore repository;
    private final DriverRegistry drivers;
    private final HostSessions sessions;
    private final MetricsStore metrics;

    @Activate
    public LiveHostsView(
            @Reference HostStore repository,
            @Reference DriverRegistry drivers,
            @Reference HostSessions sessions,
            @Reference MetricsStore metrics) {
        this.repository = repository;
        this.drivers = drivers;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    @Override
    public HostStatus status(String hostId) {
        StoredHost host = repository.host(hostId).orElseThrow(() -> StrataException.notFound("host", hostId));
        if (!drivers.isAvailable(host.driverId())) {
            return new HostStatus(
                    hostId,
                    HostState.DRIVER_UNAVAILABLE,
                    "driver '" + host.driverId() + "' is not running",
                    metrics.latestHost(hostId));
        }
        HostStates.Contact contact = sessions.state(hostId);
        return new HostStatus(hostId, contact.state(), contact.reason(), metrics.latestHost(hostId));
    }

    @Override
    public List<HostSample> samples(String hostId, Instant from, Instant to) {
        return metrics.host(hostId, from, to);
    }
}
