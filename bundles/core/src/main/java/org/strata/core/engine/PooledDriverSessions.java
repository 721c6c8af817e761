package org.strata.core.engine;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.core.hardware.HardwareManager;
import org.strata.core.sessions.HostSessions;
import org.strata.core.sessions.SessionCalls;
import org.strata.core.storage.StorageManager;
import org.strata.engine.DriverSessions;
import org.strata.engine.SessionCall;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.storage.StorageSession;

/** The engine's way to a driver: the same pooled sessions core's own services use, by session type. */
@Component(service = DriverSessions.class)
public final class PooledDriverSessions implements DriverSessions {

    private final HostStore repository;
    private final HostSessions hypervisors;
    private final HardwareManager machines;
    private final StorageManager storage;

    @Activate
    public PooledDriverSessions(
            @Reference HostStore repository,
            @Reference HostSessions hypervisors,
            @Reference HardwareManager machines,
            @Reference StorageManager storage) {
        this.repository = repository;
        this.hypervisors = hypervisors;
        this.machines = machines;
        this.storage = storage;
    }

    @Override
    public <S, T> T call(String hostId, Class<S> sessionType, SessionCall<S, T> call) {
        StoredHost host = repository.host(hostId).orElseThrow(() -> StrataException.notFound("host", hostId));
        return pool(sessionType).call(host, session -> call.apply(sessionType.cast(session)));
    }

    @Override
    public void retryNow(String hostId) {
        // Only hypervisor sessions wait after failures; the host was powered off, so its session is gone already.
        hypervisors.forget(hostId);
    }

    private SessionCalls<?> pool(Class<?> sessionType) {
        if (sessionType == HypervisorSession.class) {
            return hypervisors;
        }
        if (sessionType == BmcSession.class) {
            return machines.sessions();
        }
        if (sessionType == StorageSession.class) {
            return storage.sessions();
        }
        throw new StrataException(
                ErrorCode.UNSUPPORTED,
                "no driver session of type " + sessionType.getName()
                        + "; there are hypervisor, BMC and storage sessions");
    }
}
