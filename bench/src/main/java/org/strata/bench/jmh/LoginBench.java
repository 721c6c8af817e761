package org.strata.bench.jmh;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.strata.security.LoginGuard;
import org.strata.security.jaas.GuardLoginModule;
import org.strata.security.jaas.PlainPasswordModule;
import org.strata.security.throttle.LoginThrottle;
import org.strata.security.throttle.ThrottleSettings;

/**
 * What the login guard (org.strata.security) adds to a correct login: the same JAAS chain with and without
 * GuardLoginModule in front of a password module that checks a plain password (the security bundle's
 * PlainPasswordModule, from its test-jar: so that the difference is the guard's, not bcrypt's: bench/http.sh
 * measures whole logins over REST, bcrypt included). The audit's log line is
 * off here (slf4j-simple would print it to the console); its event goes nowhere.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.log.audit=off")
public class LoginBench {

    private Configuration plain;
    private Configuration guarded;
    private LoginThrottle throttle;

    @Setup
    public void setUp() {
        ThrottleSettings settings = new ThrottleSettings(
                5,
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                20,
                Duration.ofSeconds(30),
                Duration.ofMinutes(15),
                Duration.ofDays(7),
                10_000);
        throttle = new LoginThrottle(settings, System::nanoTime);
        LoginGuard guard = new LoginGuard(new LoginThrottle(settings, System::nanoTime), event -> {});
        AppConfigurationEntry password = new AppConfigurationEntry(
                PlainPasswordModule.class.getName(), LoginModuleControlFlag.SUFFICIENT, Map.of());
        AppConfigurationEntry guardEntry = new AppConfigurationEntry(
                GuardLoginModule.class.getName(),
                LoginModuleControlFlag.REQUISITE,
                Map.of(LoginGuard.class.getName(), guard));
        plain = config(password);
        guarded = config(guardEntry, password);
    }

    private static Configuration config(AppConfigurationEntry... entries) {
        return new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return entries;
            }
        };
    }

    private static void login(Configuration realm) throws LoginException {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("rest", "127.0.0.1"));
        new LoginContext(
                        "karaf",
                        subject,
                        callbacks -> {
                            for (Callback c : callbacks) {
                                if (c instanceof NameCallback n) {
                                    n.setName("admin");
                                } else if (c instanceof PasswordCallback p) {
                                    p.setPassword("right".toCharArray());
                                }
                            }
                        },
                        realm)
                .login();
    }

    @Benchmark
    public void loginWithoutGuard() throws LoginException {
        login(plain);
    }

    @Benchmark
    public void loginWithGuard() throws LoginException {
        login(guarded);
    }

    /** The throttle alone: the check before and the success after a login. */
    @Benchmark
    public boolean throttleCheckAndSuccess() {
        boolean admitted = throttle.check("admin", "127.0.0.1").isEmpty();
        throttle.succeeded("admin", "127.0.0.1");
        return admitted;
    }
}
