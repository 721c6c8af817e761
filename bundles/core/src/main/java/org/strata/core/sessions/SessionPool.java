package org.strata.core.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;
import org.strata.core.drivers.DriverFaults;
import org.strata.core.drivers.DriverRegistry;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;
import org.strata.spi.Driver;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;

/**
 * At most one open driver session per host, shared by every thread (SPI sessions are thread-safe): one pool for
 * each kind of session (hypervisor, storage, BMC), the same rules for all.
 *
 * <p>Why pooled: opening a session is a login (an RMCP+ handshake of four round trips, a vSphere login, a libvirt
 * connection with its authentication), and monitoring, sweeps and an operator clicking through pages call the same
 * host many times a minute. A session is opened at the first call, under the host's lock, so that concurrent callers
 * wait for one login and not many.
 *
 * <p>A session is retired, and the next call opens a new one, when a call fails with one of the policy's faults
 * (the host is gone, or refused us), when the host's driver was replaced or its address or user changed, when it was
 * idle longer than the policy allows (a BMC holds only a few sessions for every client; one nobody uses should hold
 * none), and when its host is forgotten or its driver goes away. A retired session is closed by its last user's
 * release or by the next sweep, never while a caller waits: a host that has already dropped a session may never
 * answer its close.
 *
 * <p>With {@link Policy#backOff()}, a host whose session could not be opened is not tried again for 1 s, then 2,
 * 4 ... up to 60 s; calls meanwhile fail at once with the last reason, so that a dead host costs no time-outs.
 *
 * @param <D> the driver type that opens these sessions
 * @param <S> the session type
 */
public final class SessionPool<D extends Driver, S extends AutoCloseable> implements SessionCalls<S>, AutoCloseable {

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(60);
    /**
     * Sessions closed at once when many go together; a close is a wait on the network, not CPU. Why not more: the
     * IPMI driver sends through 32 pooled sockets, so more closers only wait for a socket, and take them from live
     * calls; 64 showed as 137 JVM threads during a sweep of 100 idle sessions in the fleet benchmark.
     */
    static final int CLOSE_PARALLELISM = 16;
    /** The longest a batch of closes is waited for; drivers bound each close by their own timeout. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(SessionPool.class);

    /**
     * How sessions of one kind are kept.
     *
     * @param noun    how a host of this kind is named in messages ("host", "machine")
     * @param idle    how long an unused session stays open; null keeps it until it fails or its host is forgotten
     * @param backOff whether a failed opening makes the next attempts wait, growing
     * @param dropOn  the faults of a call after which the session is not used again
     */
    public record Policy(String noun, Duration idle, boolean backOff, Set<Fault> dropOn) {
        public Policy {
            Objects.requireNonNull(noun, "noun");
            dropOn = Set.copyOf(dropOn);
        }
    }

    /** What a kind of host does around its sessions; every method runs under the host's lock, and must be short. */
    public interface Listener<S> {

        /** A session was opened; throwing a {@link DriverException} makes the opening fail (the session is closed). */
        default void opened(StoredHost host, S session) {}

        /** Opening failed, for {@code reason}. */
        default void openFailed(StoredHost host, DriverException failure, String reason) {}

        /** A call found the host gone or refused: the session was retired. */
        default void dropped(String hostId, DriverException failure, String reason) {}

        /** The session is about to be closed (outside the host's lock). */
        default void closing(String hostId, S session) {}
    }

    private final Class<D> driverType;
    private final HostStore repository;
    private final DriverRegistry drivers;
    private final Clock clock;
    private final Policy policy;
    private final BiFunction<D, Endpoint, S> opener;
    private final Listener<S> listener;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    /** Sessions retired while in use and released since, left for the next sweep to close. */
    private final Queue<Lease> retiredOnTheWay = new ConcurrentLinkedQueue<>();

    private final AutoCloseable driverSubscription;

    public SessionPool(
            Class<D> driverType,
            HostStore repository,
            DriverRegistry drivers,
            Clock clock,
            Policy policy,
            BiFunction<D, Endpoint, S> opener,
            Listener<S> listener) {
        this.driverType = driverType;
        this.repository = repository;
        this.drivers = drivers;
        this.clock = clock;
        this.policy = policy;
        this.opener = opener;
        this.listener = listener;
        this.driverSubscription = drivers.onRemoval(this::driverRemoved);
    }

    /**
     * Runs {@code work} with the host's session, opening one when needed.
     *
     * @throws StrataException DRIVER_UNAVAILABLE or UNSUPPORTED when the host's driver is away or of another kind;
     *                         the reason opening failed; the driver's fault, translated, when {@code work} fails
     */
    @Override
    public <T> T call(StoredHost host, Function<S, T> work) {
        try {
            return leased(host, work);
        } finally {
            if (policy.idle() == null && !retiredOnTheWay.isEmpty()) {
                // No sweep for sessions kept until they fail: what this call retired is closed now, by the caller.
                // Checked first: this runs after every hypervisor call, and almost always there is nothing to close.
                closeTogether(retiredOnTheWay());
            }
        }
    }

    private <T> T leased(StoredHost host, Function<S, T> work) {
        D driver = driver(host);
        Slot slot = slots.computeIfAbsent(host.id(), Slot::new);
        Lease lease;
        synchronized (slot) {
            lease = slot.acquire(host, driver);
        }
        try {
            return work.apply(lease.session);
        } catch (DriverException e) {
            StrataException failure = DriverFaults.toApi(e, host.name());
            if (policy.dropOn().contains(e.fault())) {
                synchronized (slot) {
                    slot.broken(lease, e, failure.getMessage());
                }
            }
            throw failure;
        } finally {
            Lease toClose;
            synchronized (slot) {
                toClose = slot.release(lease);
            }
            if (toClose != null) {
                retiredOnTheWay.add(toClose); // closed by the next sweep, not while the caller waits
            }
        }
    }

    /** The host's driver, which must be running and of this pool's kind (as must the host's recorded kind). */
    public D driver(StoredHost host) {
        return drivers.require(host, driverType, policy.noun() + " '" + host.name() + "'");
    }

    /** How the driver reaches a host, with its decrypted password. */
    public Endpoint endpoint(StoredHost host, Map<String, String> options) {
        char[] password = host.hasPassword() ? repository.hostPassword(host.id()) : new char[0];
        try {
            return new Endpoint(host.address(), host.username(), Secret.of(password), options);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Closes every session unused for longer than the idle time, and those callers retired on their way; call it
     * on a schedule. The closes are made together and outside the hosts' locks: a BMC that has already dropped a
     * session never answers its Close Session, and one by one under the lock each such wait (500 ms) held up the
     * schedule and every caller of the machine: the first power sweep of 500 BMCs after a pause took 39 s instead
     * of 7 (bench/fleet.sh at 10,000 hosts).
     */
    public void closeIdle() {
        List<Lease> closes = retiredOnTheWay();
        if (policy.idle() != null) {
            Instant limit = clock.instant().minus(policy.idle());
            for (Slot slot : slots.values()) {
                synchronized (slot) {
                    if (slot.current != null && slot.current.users == 0 && slot.current.lastUsed.isBefore(limit)) {
                        LOG.debug("Closing the idle session of {} {}", policy.noun(), slot.hostId);
                        Lease unused = slot.retire();
                        if (unused != null) {
                            closes.add(unused);
                        }
                    }
                }
            }
        }
        closeTogether(closes);
    }

    /** Closes the host's session and forgets its retry state: the host was removed or changed. */
    public void forget(String hostId) {
        forgetAll(List.of(hostId));
    }

    /** Whether a session to the host is open now; for tests and diagnostics. */
    public boolean isOpen(String hostId) {
        Slot slot = slots.get(hostId);
        if (slot == null) {
            return false;
        }
        synchronized (slot) {
            return slot.current != null;
        }
    }

    /** How many sessions are open now; for tests and diagnostics. */
    public int openCount() {
        return (int) slots.keySet().stream().filter(this::isOpen).count();
    }

    @Override
    public void close() {
        try {
            driverSubscription.close();
        } catch (Exception e) {
            LOG.debug("Could not unsubscribe from driver removals", e);
        }
        forgetAll(List.copyOf(slots.keySet()));
    }

    private void driverRemoved(String driverId) {
        forgetAll(slots.values().stream()
                .filter(s -> driverId.equals(s.driverId))
                .map(s -> s.hostId)
                .toList());
    }

    /**
     * Closes the sessions of many hosts, several at a time, and returns once they are closed. Why not one by one:
     * closing is a round trip, and a host that has already dropped the session may never answer, so each close may
     * wait its whole timeout. When a driver with 500 machines went away, one by one took minutes (measured by
     * bench/fleet.sh), holding up the driver's update or the shutdown. Sessions in use are closed by the sweep after
     * their last user.
     */
    private void forgetAll(Collection<String> hostIds) {
        List<Lease> closes = retiredOnTheWay();
        for (String hostId : hostIds) {
            Slot slot = slots.remove(hostId);
            if (slot != null) {
                synchronized (slot) {
                    Lease unused = slot.retire();
                    if (unused != null) {
                        closes.add(unused);
                    }
                }
            }
        }
        closeTogether(closes);
    }

    private List<Lease> retiredOnTheWay() {
        List<Lease> closes = new ArrayList<>();
        for (Lease lease; (lease = retiredOnTheWay.poll()) != null; ) {
            closes.add(lease);
        }
        return closes;
    }

    /** Runs the closes, {@link #CLOSE_PARALLELISM} at a time, and returns once they are done or CLOSE_WAIT passed. */
    private void closeTogether(List<Lease> closes) {
        if (closes.size() <= 1) {
            closes.forEach(this::closeLease);
            return;
        }
        // Threads for this one batch only: nothing stays behind, and the number is bounded.
        ExecutorService closers = Executors.newFixedThreadPool(Math.min(CLOSE_PARALLELISM, closes.size()), r -> {
            Thread thread = new Thread(r, "strata-session-close");
            thread.setDaemon(true);
            return thread;
        });
        try {
            closes.forEach(lease -> closers.execute(() -> closeLease(lease)));
            closers.shutdown();
            if (!closers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "{} {} sessions were still closing after {} s; left to the hosts' idle timeout",
                        closes.size(),
                        policy.noun(),
                        CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closers.shutdownNow();
        }
    }

    private void closeLease(Lease lease) {
        try {
            listener.closing(lease.hostId, lease.session);
        } catch (RuntimeException e) {
            LOG.debug("Preparing to close the session of {} {} failed", policy.noun(), lease.hostId, e);
        }
        try {
            lease.session.close();
        } catch (Exception e) {
            LOG.debug("Closing the session of {} {} failed", policy.noun(), lease.hostId, e);
        }
    }

    /** One use of a session: closed once retired and no longer used. Fields guarded by the slot's monitor. */
    private final class Lease {
        final String hostId;
        final S session;
        final D driver;
        final String address;
        final String username;
        int users;
        boolean retired;
        Instant lastUsed;

        Lease(String hostId, S session, D driver, String address, String username, Instant now) {
            this.hostId = hostId;
            this.session = session;
            this.driver = driver;
            this.address = address;
            this.username = username;
            this.lastUsed = now;
        }
    }

    /** One host's session and retry state; every field is guarded by the slot's monitor. */
    private final class Slot {
        final String hostId;
        String driverId;
        Lease current;
        int failures;
        Instant retryAt;
        StrataException lastFailure;

        Slot(String hostId) {
            this.hostId = hostId;
        }

        Lease acquire(StoredHost host, D driver) {
            if (current != null
                    && (current.driver != driver
                            || !current.address.equals(host.address())
                            || !Objects.equals(current.username, host.username()))) {
                retireLater(); // the driver was replaced, or the host moved: this session speaks to the past
            } else if (current != null
                    && current.users == 0
                    && policy.idle() != null
                    && current.lastUsed.isBefore(clock.instant().minus(policy.idle()))) {
                // Idle past the limit but not swept yet: the host may have dropped it (OpenIPMI does after 30 s),
                // and a call on a dropped session waits a whole timeout before it opens a new one.
                retireLater();
            }
            if (current == null) {
                open(host, driver);
            }
            current.users++;
            current.lastUsed = clock.instant();
            return current;
        }

        private void open(StoredHost host, D driver) {
            Instant now = clock.instant();
            if (policy.backOff() && retryAt != null && now.isBefore(retryAt)) {
                long seconds = Math.max(1, Duration.between(now, retryAt).toSeconds());
                throw new StrataException(
                        lastFailure.code(), lastFailure.getMessage() + " (next attempt in " + seconds + " s)");
            }
            S opened = null;
            try {
                opened = opener.apply(driver, endpoint(host, Map.of()));
                listener.opened(host, opened);
                current = new Lease(hostId, opened, driver, host.address(), host.username(), now);
                driverId = host.driverId();
                failures = 0;
                retryAt = null;
                lastFailure = null;
            } catch (DriverException e) {
                if (opened != null) {
                    try {
                        opened.close();
                    } catch (Exception closing) {
                        LOG.debug("Closing a half-opened session of {} {} failed", policy.noun(), hostId, closing);
                    }
                }
                failures++;
                Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 16));
                retryAt = now.plus(wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait);
                lastFailure = DriverFaults.toApi(e, host.name());
                listener.openFailed(host, e, lastFailure.getMessage());
                if (policy.backOff()) {
                    LOG.info(
                            "Cannot open a session to {} {}: {}; next attempt after {}",
                            policy.noun(),
                            host.name(),
                            lastFailure.getMessage(),
                            retryAt);
                }
                throw lastFailure;
            }
        }

        /** Returns the lease when this was its last user and it is retired: the caller has it closed. */
        Lease release(Lease lease) {
            lease.users--;
            lease.lastUsed = clock.instant();
            return lease.retired && lease.users == 0 ? lease : null;
        }

        void broken(Lease lease, DriverException failure, String reason) {
            if (current == lease) {
                retireLater();
                listener.dropped(hostId, failure, reason);
            }
        }

        void retireLater() {
            Lease unused = retire();
            if (unused != null) {
                retiredOnTheWay.add(unused);
            }
        }

        /** Retires the current session; returns it when nobody uses it, for the caller to close. */
        Lease retire() {
            Lease lease = current;
            if (lease == null) {
                return null;
            }
            lease.retired = true;
            current = null;
            return lease.users == 0 ? lease : null;
        }
    }
}
