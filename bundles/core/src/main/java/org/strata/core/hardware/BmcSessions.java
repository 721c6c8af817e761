package org.strata.core.hardware;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.core.drivers.DriverFaults;
import org.strata.core.drivers.DriverRegistry;
import org.strata.repository.ConfigRepository;
import org.strata.repository.StoredHost;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Secret;
import org.strata.spi.hardware.BmcSession;
import org.strata.spi.hardware.HardwareDriver;

/**
 * At most one open {@link BmcSession} per machine, shared by every thread (SPI sessions are thread-safe), and
 * closed after {@code idle} without use.
 *
 * <p>Why a pool and not a session per call (as storage does): opening a BMC session is an RMCP+ handshake of
 * four round trips plus a privilege change, and the sensor poll and an operator clicking through a machine's
 * pages call the same BMC many times a minute. Why close idle ones: a BMC holds only a few sessions (often 4
 * to 8) for every client, and a driver may spend threads per session; a machine nobody looks at should hold
 * none. A session is dropped when a call says the BMC is gone or refused us, when the machine's address or
 * user changed, and when its driver goes away; the next call opens a new one.
 */
final class BmcSessions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BmcSessions.class);
    /**
     * Sessions closed at once when many go together; a close is a wait on the network, not CPU. Why not more: the
     * IPMI driver sends through 32 pooled sockets, so more closers only wait for a socket, and take them from live
     * calls; 64 showed as 137 JVM threads during a sweep of 100 idle sessions in the fleet benchmark.
     */
    static final int CLOSE_PARALLELISM = 16;
    /** The longest a batch of closes is waited for; drivers bound each close by their own timeout. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final ConfigRepository repository;
    private final DriverRegistry drivers;
    private final Clock clock;
    private final Duration idle;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    /** Sessions a caller found outdated and left for the next sweep to close. */
    private final Queue<Lease> retiredOnTheWay = new ConcurrentLinkedQueue<>();
    private final AutoCloseable driverSubscription;

    BmcSessions(ConfigRepository repository, DriverRegistry drivers, Clock clock, Duration idle) {
        this.repository = repository;
        this.drivers = drivers;
        this.clock = clock;
        this.idle = idle;
        this.driverSubscription = drivers.onRemoval(this::driverRemoved);
    }

    /**
     * Runs {@code work} with the machine's session, opening one when needed.
     *
     * @throws org.strata.api.StrataException the driver's fault, translated; DRIVER_UNAVAILABLE or UNSUPPORTED
     *                                        when the host's driver is away or no hardware driver
     */
    <T> T call(StoredHost host, Function<BmcSession, T> work) {
        HardwareDriver driver = driver(host);
        Slot slot = slots.computeIfAbsent(host.id(), Slot::new);
        Lease lease;
        try {
            synchronized (slot) {
                lease = slot.acquire(host, driver);
            }
        } catch (DriverException e) {
            throw DriverFaults.toApi(e, host.name());
        }
        try {
            return work.apply(lease.session);
        } catch (DriverException e) {
            if (e.fault() == Fault.UNREACHABLE || e.fault() == Fault.AUTHENTICATION_FAILED) {
                synchronized (slot) {
                    slot.broken(lease);
                }
            }
            throw DriverFaults.toApi(e, host.name());
        } finally {
            synchronized (slot) {
                slot.release(lease);
            }
        }
    }

    HardwareDriver driver(StoredHost host) {
        return drivers.require(host.driverId(), HardwareDriver.class, "machine '" + host.name() + "'");
    }

    /**
     * Closes every session unused for longer than the idle time, and those a caller retired on its way; called on a
     * schedule. The closes are made together and outside the machines' locks: a BMC that has already dropped a
     * session never answers its Close Session, and one by one under the lock each such wait (500 ms) held up the
     * schedule and every caller of the machine: the first power sweep of 500 BMCs after a pause took 39 s instead of
     * 7 (bench/fleet.sh at 10,000 hosts).
     */
    void closeIdle() {
        Instant limit = clock.instant().minus(idle);
        List<Runnable> closes = retiredOnTheWay();
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                if (slot.current != null && slot.current.users == 0 && slot.current.lastUsed.isBefore(limit)) {
                    LOG.debug("Closing the idle BMC session of host {}", slot.hostId);
                    Lease unused = slot.retireLeavingClose();
                    if (unused != null) {
                        closes.add(unused::close);
                    }
                }
            }
        }
        closeTogether(closes);
    }

    /** Closes the machine's session: it was removed or changed. */
    void forget(String hostId) {
        forgetAll(List.of(hostId));
    }

    /**
     * Closes the sessions of many machines, several at a time, and returns once they are closed. Why not one by
     * one: closing a session is a round trip, and a BMC that has already dropped the session (they do after about
     * a minute idle) never answers, so each close may wait its whole timeout. When a driver with 500 machines went
     * away, one by one took minutes (measured by bench/fleet.sh), holding up the driver's update or the shutdown.
     * Sessions in use are closed by their last user, as always.
     */
    private void forgetAll(Collection<String> hostIds) {
        List<Runnable> closes = retiredOnTheWay(); // left for the sweep: their driver may be the one going away
        for (String hostId : hostIds) {
            Slot slot = slots.remove(hostId);
            if (slot != null) {
                synchronized (slot) {
                    Lease unused = slot.retireLeavingClose();
                    if (unused != null) {
                        closes.add(unused::close);
                    }
                }
            }
        }
        closeTogether(closes);
    }

    /** The closes of the sessions callers left for the sweep, taken from the queue. */
    private List<Runnable> retiredOnTheWay() {
        List<Runnable> closes = new ArrayList<>();
        for (Lease lease; (lease = retiredOnTheWay.poll()) != null; ) {
            closes.add(lease::close);
        }
        return closes;
    }

    /** Runs the closes, {@link #CLOSE_PARALLELISM} at a time, and returns once they are done or CLOSE_WAIT passed. */
    private static void closeTogether(List<Runnable> closes) {
        if (closes.size() <= 1) {
            closes.forEach(Runnable::run);
            return;
        }
        // Threads for this one batch only: nothing stays behind, and the number is bounded.
        ExecutorService closers = Executors.newFixedThreadPool(Math.min(CLOSE_PARALLELISM, closes.size()), r -> {
            Thread thread = new Thread(r, "strata-bmc-close");
            thread.setDaemon(true);
            return thread;
        });
        try {
            closes.forEach(closers::execute);
            closers.shutdown();
            if (!closers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} BMC sessions were still closing after {} s; left to the BMCs' idle timeout",
                        closes.size(), CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closers.shutdownNow();
        }
    }

    /** How many sessions are open now; for tests and diagnostics. */
    int openCount() {
        return (int) slots.values().stream().filter(s -> {
            synchronized (s) {
                return s.current != null;
            }
        }).count();
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
        forgetAll(slots.values().stream().filter(s -> driverId.equals(s.driverId)).map(s -> s.hostId).toList());
    }

    /** The endpoint of a machine as stored, with its decrypted password. */
    Endpoint endpoint(StoredHost host, Map<String, String> options) {
        char[] password = host.hasPassword() ? repository.hostPassword(host.id()) : new char[0];
        try {
            return new Endpoint(host.address(), host.username(), Secret.of(password), options);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** One use of a session: it is closed once retired and no longer used. */
    private static final class Lease {
        final String hostId;
        final BmcSession session;
        final HardwareDriver driver;
        final String address;
        final String username;
        int users;
        boolean retired;
        Instant lastUsed;

        Lease(String hostId, BmcSession session, HardwareDriver driver, String address, String username,
              Instant now) {
            this.hostId = hostId;
            this.session = session;
            this.driver = driver;
            this.address = address;
            this.username = username;
            this.lastUsed = now;
        }

        void close() {
            try {
                session.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the BMC session of host {} failed", hostId, e);
            }
        }
    }

    /** One machine's session; every field is guarded by the slot's monitor. */
    private final class Slot {
        final String hostId;
        String driverId;
        Lease current;

        Slot(String hostId) {
            this.hostId = hostId;
        }

        Lease acquire(StoredHost host, HardwareDriver driver) {
            // Either way the old session is closed by the next sweep, not here: its BMC may not answer the close
            // (moved, or dropped it), and the caller would wait for that.
            if (current != null && (current.driver != driver || !current.address.equals(host.address())
                    || !Objects.equals(current.username, host.username()))) {
                retireLater(); // the driver was replaced, or the machine moved: this session speaks to the past
            } else if (current != null && current.users == 0
                    && current.lastUsed.isBefore(clock.instant().minus(idle))) {
                // Idle past the limit but not swept yet: the BMC may have dropped it (OpenIPMI does after 30 s),
                // and a call on a dropped session waits a whole timeout before it opens a new one.
                retireLater();
            }
            if (current == null) {
                // Opening under the slot's lock: callers of the same machine wait for one handshake, not many.
                BmcSession opened = driver.open(endpoint(host, Map.of()));
                current = new Lease(hostId, opened, driver, host.address(), host.username(), clock.instant());
                driverId = host.driverId();
            }
            current.users++;
            current.lastUsed = clock.instant();
            return current;
        }

        void release(Lease lease) {
            lease.users--;
            lease.lastUsed = clock.instant();
            if (lease.retired && lease.users == 0) {
                retiredOnTheWay.add(lease); // its last user: closed by the next sweep, not while the caller waits
            }
        }

        void broken(Lease lease) {
            if (current == lease) {
                retireLater();
            }
        }

        void retireLater() {
            Lease unused = retireLeavingClose();
            if (unused != null) {
                retiredOnTheWay.add(unused);
            }
        }

        /** Retires the current session; returns it when nobody uses it, for the caller to close. */
        Lease retireLeavingClose() {
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
