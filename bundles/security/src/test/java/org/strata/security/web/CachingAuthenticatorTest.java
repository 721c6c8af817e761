package org.strata.security.web;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.junit.Test;
import org.strata.security.login.Authenticator;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.Login;

/** {@link CachingAuthenticator} in front of a real JAAS login (with the test login module), counting the logins. */
public class CachingAuthenticatorTest {

    private static final Configuration CONFIG = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            return new AppConfigurationEntry[] {
                new AppConfigurationEntry(
                        FakeLoginModuleForTests.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("user.alice", "wonder,admin", "user.bob", "builder,viewer", "user.dave", "d,viewer"))
            };
        }
    };

    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicLong now = new AtomicLong(1_000);
    private final Authenticator jaas = new JaasAuthenticator("karaf", CONFIG);
    private final Authenticator realm = (user, password, origin) -> {
        logins.incrementAndGet();
        return jaas.authenticate(user, password, origin);
    };
    private final CachingAuthenticator cache = new CachingAuthenticator(realm, Duration.ofSeconds(10), 2, now::get);

    @Test
    public void aRepeatedLoginWithinTheTtlDoesNotGoToTheRealm() {
        assertEquals(
                Set.of("admin"),
                cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                        .orElseThrow()
                        .roles());
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertEquals(
                Set.of("admin"),
                cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                        .orElseThrow()
                        .roles());
        assertEquals(1, logins.get());
    }

    @Test
    public void inTheSecondHalfOfItsLifeOneCallerChecksAgainAndTheEntryLivesOn() {
        cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN);
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        assertTrue(cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertEquals("the first caller in the window checks again", 2, logins.get());
        assertTrue(cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertEquals("the next caller is answered from the entry", 2, logins.get());
        now.addAndGet(Duration.ofSeconds(4).toNanos());
        assertTrue(cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertEquals("answered from the renewed entry, 10 s after the first login", 2, logins.get());
    }

    /**
     * A renewal slower than the rest of its entry's life (a bcrypt on a saturated machine): callers who come after
     * the entry expired wait for that renewal, and no second realm login runs beside it.
     */
    @Test
    public void callersAfterTheExpiryWaitForTheRenewalUnderWay() throws Exception {
        java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Authenticator slowSecond = (user, password, origin) -> {
            if (logins.incrementAndGet() == 2) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return jaas.authenticate(user, password, origin);
        };
        CachingAuthenticator c = new CachingAuthenticator(slowSecond, Duration.ofSeconds(10), 10, now::get);
        assertTrue(c.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        now.addAndGet(Duration.ofSeconds(6).toNanos());
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var renewal = callers.submit(() -> c.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN));
            assertTrue(entered.await(30, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(
                    "the entry still holds while it is renewed",
                    c.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                            .isPresent());
            now.addAndGet(Duration.ofSeconds(5).toNanos()); // expired, the renewal still running
            java.util.List<java.util.concurrent.Future<Optional<Login>>> late = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                late.add(callers.submit(() -> c.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.waiting() < 3) {
                assertTrue("the three late callers wait for the renewal", System.nanoTime() < deadline);
                Thread.onSpinWait();
            }
            release.countDown();
            assertTrue(renewal.get(30, java.util.concurrent.TimeUnit.SECONDS).isPresent());
            for (var answer : late) {
                assertTrue(answer.get(30, java.util.concurrent.TimeUnit.SECONDS).isPresent());
            }
            assertEquals("the first login and its renewal, nothing beside", 2, logins.get());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    public void aRenewalThatFailsForgetsTheEntry() {
        Authenticator changing = (user, password, origin) -> {
            logins.incrementAndGet();
            return logins.get() == 1 ? jaas.authenticate(user, password, origin) : Optional.empty();
        };
        CachingAuthenticator c = new CachingAuthenticator(changing, Duration.ofSeconds(10), 10, now::get);
        assertTrue(c.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertFalse(
                "the password changed in the realm",
                c.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                        .isPresent());
        assertFalse(c.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertEquals(3, logins.get());
    }

    @Test
    public void callersWithTheSameCredentialsShareOneRealmLogin() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Authenticator slow = (user, password, origin) -> {
            logins.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return jaas.authenticate(user, password, origin);
        };
        CachingAuthenticator c = new CachingAuthenticator(slow, Duration.ofSeconds(10), 10, now::get);
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Optional<Login>>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(
                        callers.submit(() -> c.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.waiting() < 7) {
                assertTrue("seven callers wait for the eighth", System.nanoTime() < deadline);
                Thread.onSpinWait();
            }
            release.countDown();
            for (var answer : answers) {
                assertTrue(answer.get(30, java.util.concurrent.TimeUnit.SECONDS).isPresent());
            }
            assertEquals("one realm login for eight callers", 1, logins.get());
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * Every fingerprint is made with a clone of one keyed HMAC: threads hashing at once must each get the same
     * fingerprint for the same credentials, so that after one realm login per user every call is a cache hit.
     */
    @Test
    public void threadsFingerprintingAtOnceAgreeWithEachOther() throws Exception {
        CachingAuthenticator c = new CachingAuthenticator(realm, Duration.ofSeconds(10), 10, now::get);
        assertTrue(c.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertTrue(c.authenticate("bob", "builder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                answers.add(callers.submit(() -> {
                    int hits = 0;
                    for (int i = 0; i < 2_000; i++) {
                        boolean alice = i % 2 == 0;
                        hits += c.authenticate(
                                                alice ? "alice" : "bob",
                                                (alice ? "wonder" : "builder").toCharArray(),
                                                ClientOrigin.UNKNOWN)
                                        .isPresent()
                                ? 1
                                : 0;
                    }
                    return hits;
                }));
            }
            for (var answer : answers) {
                assertEquals(2_000, (int) answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals("16,000 logins from the cache, none from the realm after the first two", 2, logins.get());
    }

    @Test
    public void afterTheTtlTheRealmIsAskedAgain() {
        cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertTrue(cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertEquals(2, logins.get());
    }

    @Test
    public void aWrongPasswordIsNeverAnsweredFromTheCache() {
        cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN);
        assertFalse(cache.authenticate("alice", "wonderland".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertFalse(cache.authenticate("alice", "WONDER".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertFalse(cache.authenticate("bob", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertEquals(4, logins.get());
    }

    @Test
    public void failuresAreNotRemembered() {
        assertFalse(cache.authenticate("carol", "x".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertFalse(cache.authenticate("carol", "x".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertEquals(2, logins.get());
    }

    @Test
    public void thePasswordArrayIsClearedOnBothPaths() {
        char[] first = "wonder".toCharArray();
        cache.authenticate("alice", first, ClientOrigin.UNKNOWN);
        char[] second = "wonder".toCharArray();
        assertTrue(cache.authenticate("alice", second, ClientOrigin.UNKNOWN).isPresent());
        assertArrayEquals(new char[6], first);
        assertArrayEquals(new char[6], second);
    }

    @Test
    public void moreUsersThanTheBoundStartTheCacheOver() {
        cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN);
        cache.authenticate("bob", "builder".toCharArray(), ClientOrigin.UNKNOWN);
        cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN); // remembered
        assertEquals(2, logins.get());
        cache.authenticate("dave", "d".toCharArray(), ClientOrigin.UNKNOWN); // a third: the cache starts over with dave
        cache.authenticate("dave", "d".toCharArray(), ClientOrigin.UNKNOWN);
        assertEquals(3, logins.get());
        cache.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN);
        assertEquals(4, logins.get());
    }

    @Test
    public void aZeroTtlRemembersNothing() {
        CachingAuthenticator none = new CachingAuthenticator(realm, Duration.ZERO, 10, now::get);
        Optional<Login> first = none.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN);
        assertTrue(first.isPresent());
        assertTrue(none.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN)
                .isPresent());
        assertEquals(2, logins.get());
    }
}
