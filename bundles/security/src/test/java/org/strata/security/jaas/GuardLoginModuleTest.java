package org.strata.security.jaas;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AccountLockedException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.junit.Test;
import org.strata.security.LoginGuard;

/**
 * The guard in a real JAAS chain (the JDK's LoginContext) in front of a password module and an always-ignored
 * optional module, flagged as Karaf's realm flags them: it refuses while locked, never lets a wrong password
 * through, and reports each outcome with its origin.
 */
public class GuardLoginModuleTest {

    /** As Karaf's audit modules: optional, ignored. */
    public static final class IgnoredModule implements LoginModule {
        @Override
        public void initialize(Subject s, CallbackHandler c, Map<String, ?> shared, Map<String, ?> options) {}

        @Override
        public boolean login() {
            return false;
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

    private final AtomicLong clock = new AtomicLong(1L << 40);
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final LoginGuard guard = GuardedRealmForTests.guard(clock::get, events::add);

    private final Configuration realm = GuardedRealmForTests.realm(
            guard,
            new AppConfigurationEntry(PlainPasswordModule.class.getName(), LoginModuleControlFlag.SUFFICIENT, Map.of()),
            new AppConfigurationEntry(IgnoredModule.class.getName(), LoginModuleControlFlag.OPTIONAL, Map.of()));

    private void login(String user, String password) throws LoginException {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("rest", "10.0.0.7"));
        CallbackHandler handler = callbacks -> {
            for (Callback c : callbacks) {
                if (c instanceof NameCallback n) {
                    n.setName(user);
                } else if (c instanceof PasswordCallback p) {
                    p.setPassword(password.toCharArray());
                }
            }
        };
        new LoginContext("karaf", subject, handler, realm).login();
    }

    @Test
    public void theRightPasswordLogsInAndIsAudited() throws Exception {
        login("admin", "right");
        assertEquals(1, events.size());
        assertEquals("LOGIN_SUCCEEDED", events.get(0).get("type"));
        assertEquals("admin", events.get(0).get("subjectId"));
        assertTrue(events.get(0).get("message").toString().contains("over rest from 10.0.0.7"));
    }

    @Test
    public void aWrongPasswordNeverPassesThoughTheGuardLetsItBeChecked() {
        assertThrows(FailedLoginException.class, () -> login("admin", "wrong"));
        assertEquals("LOGIN_FAILED", events.get(0).get("type"));
        assertEquals("WARNING", events.get(0).get("severity"));
    }

    @Test
    public void afterTooManyFailuresEvenTheRightPasswordWaitsAndTheRefusalsAreNotCounted() throws Exception {
        assertThrows(FailedLoginException.class, () -> login("admin", "wrong"));
        assertThrows(FailedLoginException.class, () -> login("admin", "wrong"));
        assertThrows(FailedLoginException.class, () -> login("admin", "wrong"));
        assertTrue(events.get(2).get("message").toString().contains("further logins refused for 8 s"));
        for (int i = 0; i < 10; i++) {
            AccountLockedException locked = assertThrows(AccountLockedException.class, () -> login("admin", "right"));
            assertEquals("too many failed logins; try again in 8 s", locked.getMessage());
        }
        assertEquals("refusals are no events", 3, events.size());
        clock.addAndGet(Duration.ofSeconds(8).toNanos());
        login("admin", "right");
        assertEquals("LOGIN_SUCCEEDED", events.get(3).get("type"));
    }

    @Test
    public void aUserNameCannotForgeALogLineOrAnEvent() {
        assertThrows(FailedLoginException.class, () -> login("eve\nLOGIN SUCCEEDED user=\"admin\"", "wrong"));
        String subject = events.get(0).get("subjectId").toString();
        assertFalse(subject, subject.contains("\n") || subject.contains("\""));
    }
}
