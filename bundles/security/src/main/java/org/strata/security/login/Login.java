package org.strata.security.login;

import java.util.Objects;
import java.util.Set;

/**
 * A successful login: the user's name and the roles the realm gave it. What a role allows is decided by whoever
 * serves the request (the web services scope tenant users to their tenants); {@link #mayRead()} is the one rule all
 * share: a user without any of these roles may log in (over SSH, say) but reads nothing over the web.
 */
public record Login(String name, Set<String> roles) {

    /** The roles that may read over the web: the platform's and the tenants'. */
    public static final Set<String> READ_ROLES =
            Set.of("admin", "operator", "manager", "viewer", "tenant-admin", "tenant-user");

    public Login {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }

    public boolean mayRead() {
        return roles.stream().anyMatch(READ_ROLES::contains);
    }
}
