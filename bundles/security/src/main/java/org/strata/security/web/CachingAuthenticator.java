package org.strata.security.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.strata.security.login.Authenticator;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.Login;

/**
 * Remembers successful logins for a short while, so that a client sending the same HTTP Basic credentials with
 * every request (as REST and SOAP clients and a browser on the web console do) is not logged in to JAAS again each
 * time. One instance for all web faces ({@link WebAuthenticator}): a success over REST is one for the console too. The fleet benchmark
 * showed that login to be most of a cheap request's cost (docs/performance.md).
 *
 * <p>What is kept: per user, an HMAC of the password under a random key made at start-up and never stored, and
 * the roles the realm gave. No password, and nothing a stolen heap dump turns back into one without the key.
 * Only successes are cached: wrong passwords always go to the realm, so its checks, its throttle of failed logins
 * and its audit stay as they are (a success answered from here is not audited again: it is the same login). A removed user, a changed password or changed roles take effect after at most {@code ttl}, as in web
 * containers with an authentication cache (Tomcat's LockOutRealm, Shiro's authentication cache).
 *
 * <p>A realm login costs a bcrypt check (tens of milliseconds of CPU, on purpose). So that a hundred clients with
 * the same credentials do not all pay it at once when their entry expires, which stalled every request for seconds
 * (bench/http.sh), two things: in the second half of an entry's life the first caller checks again with the realm
 * while every other caller is still answered from the entry, and only one caller per user and password asks the
 * realm at a time: when an entry is missing or gone, the others wait for the login under way, a renewal included.
 * Half the life, not less: on a machine saturated by 200 clients a bcrypt takes seconds of wall time (a last fifth,
 * 2 s of 10, was too short: the entry expired under the renewal and every client of the user waited up to 6 s).
 */
public final class CachingAuthenticator implements Authenticator {

    private static final String HMAC = "HmacSHA256";

    private record Entry(Login login, long expiresAt, AtomicBoolean refreshing) {}

    private final Authenticator realm;
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final SecretKeySpec key;
    /**
     * The HMAC made and keyed once, never used itself: each fingerprint works on a clone of it (a Mac is not
     * thread-safe), which costs far less than looking the algorithm up and keying a new one for every request.
     */
    private final Mac prototype;

    private final long refreshAheadNanos;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The realm logins under way, by fingerprint: callers with the same credentials wait for the one running. */
    private final Map<String, CompletableFuture<Optional<Login>>> checking = new ConcurrentHashMap<>();

    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param realm      where logins are really checked
     * @param ttl        how long a success is remembered; zero remembers nothing
     * @param maxEntries most users remembered at once (each distinct user and password is one entry)
     * @param nanoTime   the clock, {@link System#nanoTime} outside tests
     */
    public CachingAuthenticator(Authenticator realm, Duration ttl, int maxEntries, LongSupplier nanoTime) {
        if (ttl.isNegative() || maxEntries < 1) {
            throw new IllegalArgumentException("ttl must not be negative and maxEntries at least 1");
        }
        this.realm = realm;
        this.ttlNanos = ttl.toNanos();
        this.refreshAheadNanos = ttl.toNanos() / 2;
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
        Arrays.fill(secret, (byte) 0);
        this.prototype = newMac(key);
    }

    @Override
    public Optional<Login> authenticate(String user, char[] password, ClientOrigin origin) {
        if (user == null || user.isEmpty() || password == null || ttlNanos == 0) {
            return realm.authenticate(user, password, origin);
        }
        String fingerprint = fingerprint(user, password);
        long now = nanoTime.getAsLong();
        Entry known = entries.get(fingerprint);
        boolean valid = known != null && now - known.expiresAt() < 0;
        if (valid
                && (known.expiresAt() - now > refreshAheadNanos
                        || !known.refreshing().compareAndSet(false, true))) {
            Arrays.fill(password, '\0');
            return Optional.of(known.login());
        }
        // A renewal is registered like any realm login, so that callers who come after the entry expired wait for
        // it instead of starting a second bcrypt beside it.
        CompletableFuture<Optional<Login>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Login>> running = checking.putIfAbsent(fingerprint, mine);
        if (running != null && valid) {
            Arrays.fill(password, '\0');
            return Optional.of(known.login()); // a login is under way already; the entry still holds
        }
        if (running != null) {
            Arrays.fill(password, '\0');
            waiting.incrementAndGet();
            try {
                return running.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            } finally {
                waiting.decrementAndGet();
            }
        }
        try {
            Optional<Login> checked = check(fingerprint, user, password, origin, now);
            mine.complete(checked);
            return checked;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            checking.remove(fingerprint, mine);
        }
    }

    /** Asks the realm, and remembers a success (or forgets the entry on a failure). */
    private Optional<Login> check(String fingerprint, String user, char[] password, ClientOrigin origin, long now) {
        Optional<Login> checked;
        try {
            checked = realm.authenticate(user, password, origin);
        } catch (RuntimeException e) {
            entries.remove(fingerprint);
            throw e;
        }
        if (checked.isEmpty()) {
            entries.remove(fingerprint);
            return checked;
        }
        if (entries.size() >= maxEntries && !entries.containsKey(fingerprint)) {
            // Rare (more distinct users than maxEntries within ttl): starting over is simpler than an LRU and
            // costs one realm login per active user.
            entries.clear();
        }
        entries.put(fingerprint, new Entry(checked.get(), now + ttlNanos, new AtomicBoolean()));
        return checked;
    }

    /** Callers waiting for another caller's realm login (for the tests). */
    int waiting() {
        return waiting.get();
    }

    /** The user name and an HMAC of the password: the key of an entry, never the password itself. */
    // Zeroes the encoder's whole backing array (it is ours, whatever its offset).
    @SuppressWarnings("ByteBufferBackingArray")
    private String fingerprint(String user, char[] password) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] secret = new byte[bytes.remaining()];
        bytes.get(secret);
        try {
            Mac mac = mac();
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return user + ":" + Base64.getEncoder().encodeToString(mac.doFinal(secret));
        } finally {
            Arrays.fill(secret, (byte) 0);
            if (bytes.hasArray()) {
                Arrays.fill(bytes.array(), (byte) 0); // the whole backing array, offset or not: it is ours
            }
        }
    }

    /** A keyed HMAC of this authenticator's own: a clone of the prototype, or a new one where clones are refused. */
    private Mac mac() {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            // The JDK's own provider (SunJCE) clones its HMACs; a provider put in front of it might not.
            return newMac(key);
        }
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
