package org.strata.security.throttle;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing: after a few failed logins, further attempts are refused without being checked
 * for a while that doubles with each further failure (a lockout, cheap to refuse, rather than a delay that holds a
 * thread). Failures are counted three ways:
 * <ul>
 * <li>per source address, across users: one client guessing many users;</li>
 * <li>per user at one source address: one client guessing one user's password;</li>
 * <li>per user across addresses: many clients guessing one user's password. This is also the lockout an attacker
 * could use to keep a real user out, so it is capped short ({@link ThrottleSettings#userMaxLockout()}), and it
 * does not apply at an address from which that user logged in successfully not long ago.</li>
 * </ul>
 * A success clears the count of its user at its address and its user's count; a source address's own count is
 * only forgotten with time, so that a client holding one valid account cannot reset it between guesses.
 *
 * <p>Memory is bounded: counts not touched for {@link ThrottleSettings#forgetAfter()} are dropped, and each table
 * keeps at most {@link ThrottleSettings#maxTracked()} entries (the stalest go first).
 */
public final class LoginThrottle {

    private record Count(int failures, long lastFailure, long lockedUntil) {}

    private final ThrottleSettings settings;
    private final LongSupplier nanoTime;
    private final Map<String, Count> bySource = new ConcurrentHashMap<>();
    private final Map<String, Count> byUserAtSource = new ConcurrentHashMap<>();
    private final Map<String, Count> byUser = new ConcurrentHashMap<>();
    /** user at source -> when that user last logged in from there. */
    private final Map<String, Long> trusted = new ConcurrentHashMap<>();

    public LoginThrottle(ThrottleSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** Empty when a login of this user from this address may be checked now; else how long until it may. */
    public Optional<Duration> check(String user, String source) {
        long now = nanoTime.getAsLong();
        long wait =
                Math.max(remaining(bySource.get(source), now), remaining(byUserAtSource.get(key(user, source)), now));
        if (!isTrusted(user, source, now)) {
            wait = Math.max(wait, remaining(byUser.get(user), now));
        }
        return wait > 0 ? Optional.of(roundUp(wait)) : Optional.empty();
    }

    /**
     * Counts a failed login.
     *
     * @return the lockout this failure started (or lengthened), if it started one
     */
    public Optional<Duration> failed(String user, String source) {
        long now = nanoTime.getAsLong();
        long a = count(bySource, source, now, settings.freeFailures(), settings.maxLockout());
        long b = count(byUserAtSource, key(user, source), now, settings.freeFailures(), settings.maxLockout());
        long c = count(byUser, user, now, settings.userFreeFailures(), settings.userMaxLockout());
        long locked = Math.max(a, Math.max(b, c));
        return locked > 0 ? Optional.of(roundUp(locked)) : Optional.empty();
    }

    /** Counts a successful login: its user at its address is trusted from now on (for a while). */
    public void succeeded(String user, String source) {
        long now = nanoTime.getAsLong();
        byUserAtSource.remove(key(user, source));
        byUser.remove(user);
        trusted.put(key(user, source), now);
        bound(trusted, now);
    }

    /** How many addresses, users and user-address pairs are being counted now (for the tests and the health). */
    public int tracked() {
        return bySource.size() + byUserAtSource.size() + byUser.size();
    }

    /** @return the lockout in nanoseconds this failure started, or 0 */
    private long count(Map<String, Count> table, String key, long now, int free, Duration max) {
        Count next = table.compute(key, (k, old) -> {
            int failures = old == null
                            || now - old.lastFailure() > settings.forgetAfter().toNanos()
                    ? 1
                    : old.failures() + 1;
            long lockedUntil = now;
            if (failures > free) {
                int doublings = Math.min(failures - free - 1, 30);
                long lock = Math.min(settings.firstLockout().toNanos() << doublings, max.toNanos());
                lockedUntil = now + lock;
            }
            return new Count(failures, now, lockedUntil);
        });
        bound(table, now);
        return next.lockedUntil() - now;
    }

    private boolean isTrusted(String user, String source, long now) {
        Long since = trusted.get(key(user, source));
        return since != null && now - since <= settings.trustedFor().toNanos();
    }

    private static long remaining(Count count, long now) {
        return count == null ? 0 : Math.max(0, count.lockedUntil() - now);
    }

    /** Keeps a table within maxTracked: first what is forgotten anyway, then the stalest. */
    private <V> void bound(Map<String, V> table, long now) {
        if (table.size() <= settings.maxTracked()) {
            return;
        }
        long forget = settings.forgetAfter().toNanos();
        table.entrySet().removeIf(e -> now - lastTouched(e.getValue()) > forget);
        int excess = table.size() - settings.maxTracked() * 3 / 4;
        if (excess > 0) {
            table.entrySet().stream()
                    .sorted(Comparator.comparingLong(e -> lastTouched(e.getValue())))
                    .limit(excess)
                    .map(Map.Entry::getKey)
                    .toList()
                    .forEach(table::remove);
        }
    }

    private static long lastTouched(Object value) {
        return value instanceof Count c ? Math.max(c.lastFailure(), c.lockedUntil()) : (Long) value;
    }

    /** Whole seconds, at least one: what a Retry-After header and a person can use. */
    private static Duration roundUp(long nanos) {
        return Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    private static String key(String user, String source) {
        return user + "\u0000" + source;
    }
}
