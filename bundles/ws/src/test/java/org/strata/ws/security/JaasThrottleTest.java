package org.strata.ws.security;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.junit.Test;

/**
 * What {@link JaasAuthenticator} hands the realm and takes back from it for the login throttle: the origin as
 * Karaf's ClientPrincipal, and a lockout as {@link LoginThrottledException} with the realm's seconds.
 */
public class JaasThrottleTest {

    /** Refuses as org.strata.security's guard does, and keeps the origin it saw. */
    public static final class LockedModule implements LoginModule {
        static volatile ClientPrincipal seen;
        private Subject subject;

        @Override
        public void initialize(Subject s, CallbackHandler c, Map<String, ?> shared, Map<String, ?> options) {
            subject = s;
        }

        @Override
        public boolean login() throws LoginException {
            seen = subject.getPrincipals(ClientPrincipal.class).iterator().next();
            throw new AccountLockedException("too many failed logins; try again in 8 s");
        }

        @Override
        public boolean commit() {
            return false;
        }

        @Override
        public boolean abort() {
            return false;
        }

        @Override
        public boolean logout() {
            return false;
        }
    }

    @Test
    public void aLockoutIsThrownWithItsSecondsAndTheOriginReachesTheRealm() {
        Configuration config = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {
                    new AppConfigurationEntry(
                            LockedModule.class.getName(),
                            AppConfigurationEntry.LoginModuleControlFlag.REQUISITE,
                            Map.of())
                };
            }
        };
        LoginThrottledException e = assertThrows(
                LoginThrottledException.class,
                () -> new JaasAuthenticator("karaf", config)
                        .authenticate("alice", "x".toCharArray(), new ClientOrigin("soap", "10.1.2.3")));
        assertEquals(Duration.ofSeconds(8), e.retryAfter());
        assertEquals("soap", LockedModule.seen.getMethod());
        assertEquals("10.1.2.3", LockedModule.seen.getAddress());
    }

    @Test
    public void aLockoutWithoutSecondsWaitsAMinute() {
        assertEquals(Duration.ofMinutes(1), JaasAuthenticator.retryAfter("account locked"));
        assertEquals(
                Duration.ofSeconds(300), JaasAuthenticator.retryAfter("too many failed logins; try again in 300 s"));
    }
}
