package org.strata.ws.security;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;

/**
 * Who made a request and which roles the realm gave them. Reading needs one of admin, manager or
 * viewer; changing anything needs admin or manager.
 */
public record AuthenticatedUser(String name, Set<String> roles) implements Principal {

    private static final Set<String> READ_ROLES = Set.of("admin", "manager", "viewer");
    private static final Set<String> WRITE_ROLES = Set.of("admin", "manager");

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
