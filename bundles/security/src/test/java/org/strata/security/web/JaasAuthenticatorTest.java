package org.strata.security.web;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.junit.Test;
import org.strata.security.login.Authenticator;
import org.strata.security.login.ClientOrigin;
import org.strata.security.login.Login;

/**
 * The JAAS plumbing of {@link JaasAuthenticator}, against {@link FakeLoginModuleForTests} through a
 * test-only Configuration (Karaf's own realm cannot run in a plain unit test).
 */
public class JaasAuthenticatorTest {

    private static final Configuration CONFIG = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            if (!"karaf".equals(name)) {
                return null;
            }
            return new AppConfigurationEntry[] {
                new AppConfigurationEntry(
                        FakeLoginModuleForTests.class.getName(),
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("user.alice", "wonder,admin,group", "user.bob", "builder,viewer", "user.carol", "x"))
            };
        }
    };

    private final Authenticator authenticator = new JaasAuthenticator("karaf", CONFIG);

    @Test
    public void acceptsTheRightPasswordAndReadsRolesByPrincipalClassName() {
        Optional<Login> user = authenticator.authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN);
        assertTrue(user.isPresent());
        assertEquals("alice", user.get().name());
        // The UserPrincipal must not show up as a role.
        assertEquals(Set.of("admin", "group"), user.get().roles());
        assertTrue(user.get().mayRead());
    }

    @Test
    public void aViewerMayRead() {
        Login bob = authenticator
                .authenticate("bob", "builder".toCharArray(), ClientOrigin.UNKNOWN)
                .orElseThrow();
        assertEquals(Set.of("viewer"), bob.roles());
        assertTrue(bob.mayRead());
    }

    @Test
    public void aUserWithoutRolesLogsInButMayNotRead() {
        Login carol = authenticator
                .authenticate("carol", "x".toCharArray(), ClientOrigin.UNKNOWN)
                .orElseThrow();
        assertEquals(Set.of(), carol.roles());
        assertFalse(carol.mayRead());
    }

    @Test
    public void refusesAWrongPasswordAnUnknownUserAndEmptyInput() {
        assertEquals(
                Optional.empty(), authenticator.authenticate("alice", "wrong".toCharArray(), ClientOrigin.UNKNOWN));
        assertEquals(
                Optional.empty(), authenticator.authenticate("mallory", "wonder".toCharArray(), ClientOrigin.UNKNOWN));
        assertEquals(Optional.empty(), authenticator.authenticate("", "wonder".toCharArray(), ClientOrigin.UNKNOWN));
        assertEquals(Optional.empty(), authenticator.authenticate(null, "wonder".toCharArray(), ClientOrigin.UNKNOWN));
        assertEquals(Optional.empty(), authenticator.authenticate("alice", null, ClientOrigin.UNKNOWN));
    }

    @Test
    public void anUnknownRealmRefusesEveryone() {
        assertEquals(
                Optional.empty(),
                new JaasAuthenticator("nosuchrealm", CONFIG)
                        .authenticate("alice", "wonder".toCharArray(), ClientOrigin.UNKNOWN));
    }

    @Test
    public void clearsThePasswordAndRestoresTheContextClassLoader() {
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        char[] password = "wonder".toCharArray();
        assertTrue(authenticator
                .authenticate("alice", password, ClientOrigin.UNKNOWN)
                .isPresent());
        assertArrayEquals(new char[6], password);
        assertSame(before, Thread.currentThread().getContextClassLoader());
    }
}
