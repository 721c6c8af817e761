package org.strata.security.jaas;

import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import org.strata.security.LoginGuard;
import org.strata.security.throttle.LoginThrottle;
import org.strata.security.throttle.ThrottleSettings;

/**
 * The guard the login tests put in a JDK LoginContext, as {@code StrataRealm} does, on the test's clock and auditing
 * to the test's sink: two failures free, a first lockout of 8 s growing to at most 60 s; a user's 20 failures free,
 * its lockout at most 30 s; forgotten after 15 minutes, a success trusted for 7 days, 100 tracked.
 */
public final class GuardedRealmForTests {

    private GuardedRealmForTests() {}

    public static LoginGuard guard(LongSupplier nanoTime, Consumer<Map<String, Object>> events) {
        return new LoginGuard(
                new LoginThrottle(
                        new ThrottleSettings(
                                2,
                                Duration.ofSeconds(8),
                                Duration.ofSeconds(60),
                                20,
                                Duration.ofSeconds(30),
                                Duration.ofMinutes(15),
                                Duration.ofDays(7),
                                100),
                        nanoTime),
                events);
    }

    /** Every login of the realm goes through the guard (flagged REQUISITE), then the modules behind it. */
    public static Configuration realm(LoginGuard guard, AppConfigurationEntry... behind) {
        AppConfigurationEntry[] entries = new AppConfigurationEntry[behind.length + 1];
        entries[0] = new AppConfigurationEntry(
                GuardLoginModule.class.getName(),
                LoginModuleControlFlag.REQUISITE,
                Map.of(LoginGuard.class.getName(), guard));
        System.arraycopy(behind, 0, entries, 1, behind.length);
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return entries.clone();
            }
        };
    }
}
