package org.strata.ws.security;

import static org.junit.Assert.assertEquals;

import java.util.Set;
import org.junit.Test;
import org.strata.security.login.Login;

/** The role names of docs/architecture.md ("Security"): who may read and who may also write. */
public class AuthenticatedUserTest {

    private static String access(String... roles) {
        AuthenticatedUser user = new AuthenticatedUser("u", Set.of(roles));
        return (user.mayRead() ? "r" : "-") + (user.mayWrite() ? "w" : "-");
    }

    @Test
    public void platformRolesWithManagerAsTheFormerNameOfOperator() {
        assertEquals("rw", access("admin"));
        assertEquals("rw", access("operator"));
        assertEquals("rw", access("manager"));
        assertEquals("r-", access("viewer"));
    }

    @Test
    public void tenantAdminsAndTenantUsersWriteWithinTheirTenants() {
        // What they may change is limited by TenantScope where objects are changed (their VMs; pools: tenant-admin).
        assertEquals("rw", access("tenant-admin", "tenant:acme"));
        assertEquals("rw", access("tenant-user", "tenant:acme"));
        // A platform viewer with tenant roles is unscoped, so its tenant roles must not let it change anything.
        assertEquals("r-", access("viewer", "tenant-admin", "tenant:acme"));
        assertEquals("r-", access("viewer", "tenant-user", "tenant:acme"));
    }

    @Test
    public void noStrataRoleNoAccess() {
        assertEquals("--", access());
        assertEquals("--", access("ssh", "tenant:acme", "Administrators"));
    }

    /** Reading is the rule all web faces share (the console too): the web services' users follow the login's. */
    @Test
    public void aLoginBecomesAUserWithItsNameAndRolesAndTheSameRightToRead() {
        for (Set<String> roles : java.util.List.of(
                Set.of("admin"),
                Set.of("viewer"),
                Set.of("tenant-user", "tenant:acme"),
                Set.of("ssh", "Administrators"),
                Set.<String>of())) {
            Login login = new Login("u", roles);
            AuthenticatedUser user = AuthenticatedUser.of(login);
            assertEquals("u", user.name());
            assertEquals(roles, user.roles());
            assertEquals(roles.toString(), login.mayRead(), user.mayRead());
        }
    }
}
