package org.strata.core.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
import org.strata.api.HostInfo;
import org.strata.api.HostState;
import org.strata.api.StrataException;
import org.strata.core.drivers.DriverFaults;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.drivers.DriverVocabulary;
import org.strata.core.events.EventLog;
import org.strata.repository.ConfigRepository;
import org.strata.repository.StoredHost;
import org.strata.spi.Capability;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmEvent;

/**
 * One open {@link HypervisorSession} per hypervisor host, shared by every thread (SPI 1.1 sessions are
 * thread-safe), so that a host is not logged into again for every call and its lifecycle events keep flowing.
 *
 * <p>A session is opened at the first call. Opening reads the host's facts into the inventory (its
 * {@link HostInfo}) and, when the driver has {@code VM_EVENTS}, subscribes to its lifecycle events. A session
 * is closed when its host is removed or changed ({@link #forget}), when its driver goes away, and when a call
 * fails with {@code UNREACHABLE}; the next call then opens a new one. When opening fails, further attempts wait
 * 1 s, then 2, 4 ... up to 60 s; until then calls fail at once with the last reason, so that a dead host
 * costs no time-outs. The periodic reconcile calls every host, which is what reopens a recovered host.
 */
@Component(service = HostSessions.class)
public final class HostSessions {

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(HostSessions.class);

    private final ConfigRepository repository;
    private final DriverRegistry drivers;
    private final Clock clock;
    private final HostStates states;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final List<BiConsumer<String, VmEvent>> vmListeners = new CopyOnWriteArrayList<>();
    private final AutoCloseable driverSubscription;

    @Activate
    public HostSessions(@Reference ConfigRepository repository, @Reference DriverRegistry drivers,
                        @Reference EventLog events) {
        this(repository, drivers, events, Clock.systemUTC());
    }

    public HostSessions(ConfigRepository repository, DriverRegistry drivers, EventLog events, Clock clock) {
        this.repository = repository;
        this.drivers = drivers;
        this.clock = clock;
        this.states = new HostStates(events);
        this.driverSubscription = drivers.onRemoval(this::driverRemoved);
    }

    @Deactivate
    public void close() {
        try {
            driverSubscription.close();
        } catch (Exception e) {
            LOG.debug("Could not unsubscribe from driver removals", e);
        }
        slots.keySet().forEach(this::closeSlot);
    }

    /**
     * Runs {@code work} with the host's session, opening one when needed, and records how the contact went.
     *
     * @throws StrataException DRIVER_UNAVAILABLE, UNREACHABLE or AUTHENTICATION_FAILED when the host cannot be
     *                         used now; the driver's fault, translated, when {@code work} fails
     */
    public <T> T call(StoredHost host, Function<HypervisorSession, T> work) {
        HypervisorDriver driver = drivers.require(host.driverId(), HypervisorDriver.class,
                "host '" + host.name() + "'");
        Slot slot = slots.computeIfAbsent(host.id(), Slot::new);
        HypervisorSession session;
        synchronized (slot) {
            session = slot.acquire(host, driver);
        }
        try {
            return work.apply(session);
        } catch (DriverException e) {
            StrataException failure = DriverFaults.toApi(e, host.name());
            if (e.fault() == Fault.UNREACHABLE) {
                synchronized (slot) {
                    slot.broken(session, failure.getMessage());
                }
            }
            throw failure;
        }
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
        Slot slot = slots.get(host.id());
        if (slot != null) {
            slot.unavailable = Set.copyOf(facts.unavailable());
        }
        drivers.descriptor(host.driverId()).ifPresent(descriptor -> {
            try {
                repository.updateHostInfo(host.id(), info(descriptor, facts));
            } catch (StrataException e) {
                LOG.info("Could not record what host {} reported: {}", host.name(), e.getMessage());
            }
        });
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
        drivers.require(host.driverId(), HypervisorDriver.class, "host '" + host.name() + "'");
        Optional<DriverDescriptor> descriptor = drivers.descriptor(host.driverId());
        if (descriptor.isEmpty()) {
            return Set.of();
        }
        Set<Capability> result = descriptor.get().capabilities().isEmpty()
                ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(descriptor.get().capabilities());
        Slot slot = slots.get(host.id());
        Set<Capability> unavailable = slot == null ? null : slot.unavailable;
        if (unavailable != null) {
            result.removeAll(unavailable);
        } else {
            repository.hostInfo(host.id()).ifPresent(info -> result.removeIf(c -> !info.capabilities().contains(c.name())));
        }
        return result;
    }

    /** What the host's driver takes in requests (formats, buses, NIC models), from its descriptor. */
    public DriverVocabulary vocabulary(StoredHost host) {
        return DriverVocabulary.of(drivers, host.name(), host.driverId());
    }

    /** How the driver reaches a host, with its password; for a migration's destination. */
    public Endpoint endpoint(StoredHost host) {
        char[] password = host.hasPassword() ? repository.hostPassword(host.id()) : new char[0];
        try {
            return new Endpoint(host.address(), host.username(), Secret.of(password), null);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Closes the host's session and forgets its state: the host was removed, or changed. */
    public void forget(String hostId) {
        closeSlot(hostId);
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
        Slot slot = slots.get(hostId);
        return slot != null && slot.session != null;
    }

    private void driverRemoved(String driverId) {
        slots.values().stream().filter(s -> driverId.equals(s.driverId)).map(s -> s.hostId).toList()
                .forEach(this::closeSlot);
    }

    private void closeSlot(String hostId) {
        Slot slot = slots.remove(hostId);
        if (slot != null) {
            synchronized (slot) {
                slot.closeSession();
            }
        }
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

    private HostInfo info(DriverDescriptor descriptor, HostFacts facts) {
        Set<String> capabilities = descriptor.capabilities().stream()
                .filter(c -> !facts.unavailable().contains(c))
                .map(Enum::name)
                .collect(Collectors.toSet());
        return new HostInfo(facts.hostname(), facts.hypervisor(), facts.hypervisorVersion(), facts.cpuModel(),
                facts.cpus(), facts.memoryBytes() >> 20,
                facts.numaCells().stream().map(n -> new HostInfo.NumaNode(n.id(), n.cpus(), n.memoryBytes() >> 20))
                        .toList(),
                facts.guestTypes(), capabilities, clock.instant());
    }

    /** One host's session and retry state; every field is guarded by the slot's monitor. */
    private final class Slot {
        final String hostId;
        String driverId;
        HypervisorDriver driver;
        HypervisorSession session;
        AutoCloseable watch;
        volatile Set<Capability> unavailable;
        int failures;
        Instant retryAt;
        StrataException lastFailure;

        Slot(String hostId) {
            this.hostId = hostId;
        }

        HypervisorSession acquire(StoredHost host, HypervisorDriver current) {
            if (session != null && driver == current) {
                return session;
            }
            closeSession(); // opened by a driver instance that has since been replaced
            Instant now = clock.instant();
            if (retryAt != null && now.isBefore(retryAt)) {
                long seconds = Math.max(1, Duration.between(now, retryAt).toSeconds());
                throw new StrataException(lastFailure.code(), lastFailure.getMessage() + " (next attempt in "
                        + seconds + " s)");
            }
            HypervisorSession opened = null;
            try {
                opened = current.open(endpoint(host));
                HostFacts facts = opened.facts();
                DriverDescriptor descriptor = current.descriptor();
                session = opened;
                driver = current;
                driverId = host.driverId();
                unavailable = Set.copyOf(facts.unavailable());
                failures = 0;
                retryAt = null;
                lastFailure = null;
                states.record(hostId, HostState.AVAILABLE, null);
                recordInfo(descriptor, facts);
                subscribe(descriptor, facts);
                return opened;
            } catch (DriverException e) {
                if (opened != null) {
                    opened.close();
                }
                failures++;
                Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 16));
                retryAt = now.plus(wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait);
                String reason = DriverFaults.message(e, host.name());
                lastFailure = new StrataException(DriverFaults.code(e), reason, e);
                if (e.fault() == Fault.AUTHENTICATION_FAILED) {
                    states.record(hostId, HostState.AUTHENTICATION_FAILED, reason);
                } else {
                    // Whatever else made opening fail, the host cannot be used until it opens.
                    states.record(hostId, HostState.UNREACHABLE, reason);
                }
                LOG.info("Cannot open a session to host {}: {}; next attempt after {}", host.name(), reason, retryAt);
                throw lastFailure;
            }
        }

        /** A call on {@code failed} said the host is gone: drop the session; the next call opens a new one. */
        void broken(HypervisorSession failed, String reason) {
            if (session == failed) {
                closeSession();
                states.record(hostId, HostState.UNREACHABLE, reason);
            }
        }

        void closeSession() {
            if (watch != null) {
                try {
                    watch.close();
                } catch (Exception e) {
                    LOG.debug("Closing the event subscription of host {} failed", hostId, e);
                }
                watch = null;
            }
            if (session != null) {
                try {
                    session.close();
                } catch (RuntimeException e) {
                    LOG.debug("Closing the session of host {} failed", hostId, e);
                }
                session = null;
            }
            driver = null;
            unavailable = null;
        }

        private void recordInfo(DriverDescriptor descriptor, HostFacts facts) {
            try {
                repository.updateHostInfo(hostId, info(descriptor, facts));
            } catch (RuntimeException e) {
                // The host may have been removed meanwhile; the facts are re-read at the next opening anyway.
                LOG.info("Could not record what host {} reported: {}", hostId, e.getMessage());
            }
        }

        private void subscribe(DriverDescriptor descriptor, HostFacts facts) {
            if (!descriptor.can(Capability.VM_EVENTS) || facts.unavailable().contains(Capability.VM_EVENTS)) {
                return;
            }
            try {
                watch = session.watch(event -> deliver(hostId, event));
            } catch (DriverException e) {
                // Not fatal: the periodic reconcile still sees every change, only later.
                LOG.warn("Host {} does not deliver VM lifecycle events: {}", hostId, e.getMessage());
            }
        }
    }
}
