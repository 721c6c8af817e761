package org.strata.ws.security;

import static org.junit.Assert.assertEquals;

import java.util.Set;
import org.junit.Test;

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
    public void tenantAdminsWriteAndTenantUsersRead() {
        assertEquals("rw", access("tenant-admin", "tenant:acme"));
        assertEquals("r-", access("tenant-user", "tenant:acme"));
    }

    @Test
    public void noStrataRoleNoAccess() {
        assertEquals("--", access());
        assertEquals("--", access("ssh", "tenant:acme", "Administrators"));
    }
}
