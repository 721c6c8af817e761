package org.strata.core.sessions;

import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostState;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.drivers.DriverVocabulary;
import org.strata.core.events.EventLog;
import org.strata.engine.HostProbe;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;
import org.strata.spi.Capability;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmEvent;

/**
 * The hypervisor hosts' sessions: a {@link SessionPool} of {@link HypervisorSession}s kept until they fail (they
 * carry the host's lifecycle events), and what opening one tells: the host's facts go into the inventory (its
 * {@link HostInfo}), its state into {@link HostStates}, and when the driver has {@code VM_EVENTS} its lifecycle
 * events are subscribed to. A session is closed when its host is removed or changed ({@link #forget}), when its
 * driver goes away, and when a call fails with {@code UNREACHABLE}; the next call then opens a new one, after the
 * pool's growing wait (1 s up to 60 s). The periodic reconcile calls every host, which is what reopens a recovered
 * host.
 */
@Component(service = {HostSessions.class, HostProbe.class})
public final class HostSessions implements SessionCalls<HypervisorSession>, HostProbe {

    private static final Logger LOG = LoggerFactory.getLogger(HostSessions.class);

    private final HostStore repository;
    private final DriverRegistry drivers;
    private final Clock clock;
    private final HostStates states;
    private final SessionPool<HypervisorDriver, HypervisorSession> pool;
    /** What each host said it lacks at its last opening; read by {@link #capabilities}. */
    private final Map<String, Set<Capability>> unavailable = new ConcurrentHashMap<>();
    /** The event subscription of each open session, by session. */
    private final Map<HypervisorSession, AutoCloseable> watches = new ConcurrentHashMap<>();

    private final List<BiConsumer<String, VmEvent>> vmListeners = new CopyOnWriteArrayList<>();

    @Activate
    public HostSessions(
            @Reference HostStore repository, @Reference DriverRegistry drivers, @Reference EventLog events) {
        this(repository, drivers, events, Clock.systemUTC());
    }

    public HostSessions(HostStore repository, DriverRegistry drivers, EventLog events, Clock clock) {
        this.repository = repository;
        this.drivers = drivers;
        this.clock = clock;
        this.states = new HostStates(events);
        this.pool = new SessionPool<>(
                HypervisorDriver.class,
                repository,
                drivers,
                clock,
                new SessionPool.Policy("host", null, true, Set.of(Fault.UNREACHABLE)),
                HypervisorDriver::open,
                new Opening());
    }

    @Deactivate
    public void close() {
        pool.close();
    }

    /**
     * Runs {@code work} with the host's session, opening one when needed, and records how the contact went.
     *
     * @throws StrataException DRIVER_UNAVAILABLE, UNREACHABLE or AUTHENTICATION_FAILED when the host cannot be
     *                         used now; the driver's fault, translated, when {@code work} fails
     */
    @Override
    public <T> T call(StoredHost host, Function<HypervisorSession, T> work) {
        return pool.call(host, work);
    }

    @Override
    public boolean alive(String hostId) {
        try {
            return call(hostId, session -> {
                if (!session.alive()) {
                    // Retires the session and records the host UNREACHABLE, as any call that finds it gone.
                    throw new DriverException(Fault.UNREACHABLE, "the connection to the host is lost");
                }
                return true;
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void silent(String hostId, String why) {
        if (pool.isOpen(hostId)) {
            // Retired, not closed while a call waits in it: the pool closes it when its last user is done.
            pool.forget(hostId);
            states.record(hostId, HostState.UNREACHABLE, why);
        }
    }

    @Override
    public boolean askable(String hostId) {
        return repository
                .host(hostId)
                .map(h -> drivers.isAvailable(h.driverId()))
                .orElse(false);
    }

    @Override
    public boolean reconnect(String hostId) {
        if (!pool.isOpen(hostId)) {
            pool.forget(hostId); // nothing open to lose: only the growing wait before the next attempt goes
        }
        return alive(hostId);
    }

    /** Like {@link #call(StoredHost, Function)} for a host named by id; NOT_FOUND when there is none. */
    public <T> T call(String hostId, Function<HypervisorSession, T> work) {
        return call(repository.host(hostId).orElseThrow(() -> StrataException.notFound("host", hostId)), work);
    }

    /**
     * Reads the host's facts now and records them as its info (as opening a session does), for an explicit
     * refresh of a host whose session is already open.
     */
    public HostFacts refreshInfo(StoredHost host) {
        HostFacts facts = call(host, HypervisorSession::facts);
        unavailable.put(host.id(), Set.copyOf(facts.unavailable()));
        drivers.descriptor(host.driverId()).ifPresent(descriptor -> recordInfo(host, descriptor, facts));
        return facts;
    }

    /** What the last contact with a host said (AVAILABLE when none was tried yet). */
    public HostStates.Contact state(String hostId) {
        return states.last(hostId);
    }

    /**
     * What Strata can do with a host: its driver's capabilities less those the host said it lacks (at the
     * last opening of a session, or as kept in the inventory from an earlier run).
     *
     * @throws StrataException DRIVER_UNAVAILABLE when the host's driver is away; UNSUPPORTED when it is not a
     *                         hypervisor driver
     */
    public Set<Capability> capabilities(StoredHost host) {
        pool.driver(host);
        Optional<DriverDescriptor> descriptor = drivers.descriptor(host.driverId());
        if (descriptor.isEmpty()) {
            return Set.of();
        }
        Set<Capability> result = descriptor.get().capabilities().isEmpty()
                ? EnumSet.noneOf(Capability.class)
                : EnumSet.copyOf(descriptor.get().capabilities());
        Set<Capability> lacking = unavailable.get(host.id());
        if (lacking != null) {
            result.removeAll(lacking);
        } else {
            repository
                    .hostInfo(host.id())
                    .ifPresent(info -> result.removeIf(c -> !info.capabilities().contains(c.name())));
        }
        return result;
    }

    /** What the host's driver takes in requests (formats, buses, NIC models), from its descriptor. */
    public DriverVocabulary vocabulary(StoredHost host) {
        return DriverVocabulary.of(drivers, host.name(), host.driverId());
    }

    /** How the driver reaches a host, with its password; for a migration's destination. */
    public Endpoint endpoint(StoredHost host) {
        return pool.endpoint(host, null);
    }

    /** Closes the host's session and forgets its state: the host was removed, or changed. */
    public void forget(String hostId) {
        pool.forget(hostId);
        unavailable.remove(hostId);
        states.forget(hostId);
    }

    /**
     * Tells {@code listener} (host id, event) about every lifecycle event of every host whose session is open.
     * It is called on the driver's event thread: it must return quickly.
     *
     * @return closing it ends the subscription
     */
    public AutoCloseable onVmEvent(BiConsumer<String, VmEvent> listener) {
        vmListeners.add(listener);
        return () -> vmListeners.remove(listener);
    }

    /** Whether a session to the host is open now; for tests and diagnostics. */
    public boolean isOpen(String hostId) {
        return pool.isOpen(hostId);
    }

    private void deliver(String hostId, VmEvent event) {
        for (BiConsumer<String, VmEvent> listener : vmListeners) {
            try {
                listener.accept(hostId, event);
            } catch (RuntimeException e) {
                LOG.warn("A VM event listener failed on {} of VM {}", event.type(), event.vmId(), e);
            }
        }
    }

    private void recordInfo(StoredHost host, DriverDescriptor descriptor, HostFacts facts) {
        try {
            repository.updateHostInfo(host.id(), info(descriptor, facts));
        } catch (RuntimeException e) {
            // The host may have been removed meanwhile; the facts are re-read at the next opening anyway.
            LOG.info("Could not record what host {} reported: {}", host.name(), e.getMessage());
        }
    }

    private HostInfo info(DriverDescriptor descriptor, HostFacts facts) {
        Set<String> capabilities = descriptor.capabilities().stream()
                .filter(c -> !facts.unavailable().contains(c))
                .map(Enum::name)
                .collect(Collectors.toSet());
        return new HostInfo(
                facts.hostname(),
                facts.hypervisor(),
                facts.hypervisorVersion(),
                facts.cpuModel(),
                facts.cpus(),
                facts.memoryBytes() >> 20,
                facts.numaCells().stream()
                        .map(n -> new HostInfo.NumaNode(n.id(), n.cpus(), n.memoryBytes() >> 20))
                        .toList(),
                facts.guestTypes(),
                capabilities,
                clock.instant());
    }

    /** What opening, losing and closing a hypervisor session means for the host's state and inventory. */
    private final class Opening implements SessionPool.Listener<HypervisorSession> {

        @Override
        public void opened(StoredHost host, HypervisorSession session) {
            HostFacts facts = session.facts();
            DriverDescriptor descriptor = drivers.descriptor(host.driverId()).orElse(null);
            unavailable.put(host.id(), Set.copyOf(facts.unavailable()));
            states.record(host.id(), HostState.AVAILABLE, null);
            if (descriptor != null) {
                recordInfo(host, descriptor, facts);
                subscribe(host.id(), session, descriptor, facts);
            }
        }

        @Override
        public void openFailed(StoredHost host, DriverException failure, String reason) {
            // Whatever else made opening fail, the host cannot be used until it opens.
            states.record(
                    host.id(),
                    failure.fault() == Fault.AUTHENTICATION_FAILED
                            ? HostState.AUTHENTICATION_FAILED
                            : HostState.UNREACHABLE,
                    reason);
        }

        @Override
        public void dropped(String hostId, DriverException failure, String reason) {
            states.record(hostId, HostState.UNREACHABLE, reason);
        }

        @Override
        public void closing(String hostId, HypervisorSession session) {
            AutoCloseable watch = watches.remove(session);
            if (watch != null) {
                try {
                    watch.close();
                } catch (Exception e) {
                    LOG.debug("Closing the event subscription of host {} failed", hostId, e);
                }
            }
        }

        private void subscribe(String hostId, HypervisorSession session, DriverDescriptor descriptor, HostFacts facts) {
            if (!descriptor.can(Capability.VM_EVENTS) || facts.unavailable().contains(Capability.VM_EVENTS)) {
                return;
            }
            try {
                watches.put(session, session.watch(event -> deliver(hostId, event)));
            } catch (DriverException e) {
                // Not fatal: the periodic reconcile still sees every change, only later.
                LOG.warn("Host {} does not deliver VM lifecycle events: {}", hostId, e.getMessage());
            }
        }
    }
}
