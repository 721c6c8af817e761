package org.strata.ws.security;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * Who made a request and which roles the realm gave them. Reading needs one of admin, operator, viewer,
 * tenant-admin or tenant-user; changing anything needs admin, operator or tenant-admin. {@code manager} is the
 * former name of operator and still works. A tenant role grants this only within the user's tenants (the roles
 * {@code tenant:<name>}); that scope is enforced where the objects are read and changed, not here.
 */
public record AuthenticatedUser(String name, Set<String> roles) implements Principal {

    private static final Set<String> READ_ROLES =
            Set.of("admin", "operator", "manager", "viewer", "tenant-admin", "tenant-user");
    private static final Set<String> WRITE_ROLES = Set.of("admin", "operator", "manager", "tenant-admin");

    public AuthenticatedUser {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean mayRead() {
        return roles.stream().anyMatch(READ_ROLES::contains);
    }

    public boolean mayWrite() {
        return roles.stream().anyMatch(WRITE_ROLES::contains);
    }
}
