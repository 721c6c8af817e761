package org.strata.security.web;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import org.junit.Test;
import org.strata.security.LoginGuard;
import org.strata.security.jaas.GuardLoginModule;
import org.strata.security.jaas.GuardedRealmForTests;
import org.strata.security.login.Authenticator;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.LoginThrottledException;

/**
 * What the web faces' authenticator ({@link CachingAuthenticator} over {@link JaasAuthenticator}, as
 * {@link WebAuthenticator} composes them) hands the realm's guard and takes back from it: the real
 * {@link GuardLoginModule} and {@link LoginGuard} in a JDK LoginContext, flagged as {@code StrataRealm} flags them,
 * in front of the test's password module (Karaf's own modules need an OSGi framework).
 */
public class JaasThrottleTest {

    private final AtomicLong clock = new AtomicLong(1L << 40);
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final LoginGuard guard = GuardedRealmForTests.guard(clock::get, events::add);

    private final Configuration realm = GuardedRealmForTests.realm(
            guard,
            new AppConfigurationEntry(
                    FakeLoginModuleForTests.class.getName(),
                    LoginModuleControlFlag.SUFFICIENT,
                    Map.of("user.alice", "wonder,admin")));

    private final Authenticator web =
            new CachingAuthenticator(new JaasAuthenticator("karaf", realm), Duration.ofSeconds(10), 10, clock::get);

    @Test
    public void failuresReachTheGuardWithTheirOriginAndItsLockoutComesBackWithItsSeconds() {
        ClientOrigin origin = new ClientOrigin("soap", "10.1.2.3");
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), web.authenticate("alice", "wrong".toCharArray(), origin));
        }
        LoginThrottledException locked = assertThrows(
                LoginThrottledException.class, () -> web.authenticate("alice", "wonder".toCharArray(), origin));
        assertEquals(Duration.ofSeconds(8), locked.retryAfter());
        assertEquals(3, events.size());
        for (Map<String, Object> failed : events) {
            assertEquals("LOGIN_FAILED", failed.get("type"));
            assertTrue(failed.toString(), failed.get("message").toString().contains("over soap from 10.1.2.3"));
        }

        clock.addAndGet(Duration.ofSeconds(8).toNanos());
        assertTrue(web.authenticate("alice", "wonder".toCharArray(), origin).isPresent());
        assertEquals("LOGIN_SUCCEEDED", events.get(3).get("type"));
        assertTrue(web.authenticate("alice", "wonder".toCharArray(), origin).isPresent());
        assertEquals("a success answered from the cache is the same login, not audited again", 4, events.size());
    }

    @Test
    public void aLockoutWithoutSecondsWaitsAMinute() {
        assertEquals(Duration.ofMinutes(1), JaasAuthenticator.retryAfter("account locked"));
        assertEquals(
                Duration.ofSeconds(300), JaasAuthenticator.retryAfter("too many failed logins; try again in 300 s"));
        assertEquals(Duration.ofSeconds(8), JaasAuthenticator.retryAfter(String.format(GuardLoginModule.REFUSAL, 8)));
    }
}
