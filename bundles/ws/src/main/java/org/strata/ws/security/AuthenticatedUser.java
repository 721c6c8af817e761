package org.strata.ws.security;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import org.strata.security.login.Login;

/**
 * Who made a request and which roles the realm gave them. Reading needs one of admin, operator, viewer,
 * tenant-admin or tenant-user; changing anything needs admin, operator, tenant-admin or (for its tenants' VMs only) tenant-user. {@code manager} is the
 * former name of operator and still works. A tenant role grants this only within the user's tenants (the roles
 * {@code tenant:<name>}); that scope is enforced where the objects are read and changed, not here.
 */
public record AuthenticatedUser(String name, Set<String> roles) implements Principal {

    private static final Set<String> WRITE_ROLES = Set.of("admin", "operator", "manager");

    public AuthenticatedUser {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }

    /** The user the shared authenticator logged in, with what the web services add to it (writing, scoping). */
    public static AuthenticatedUser of(Login login) {
        return new AuthenticatedUser(login.name(), login.roles());
    }

    @Override
    public String getName() {
        return name;
    }

    /** The rule every web face shares, {@link Login#mayRead()}. */
    public boolean mayRead() {
        return roles.stream().anyMatch(Login.READ_ROLES::contains);
    }

    /**
     * Whether the user may change anything at all: a platform admin or operator, or a scoped tenant user or tenant
     * admin (no platform role), within its tenants only, as {@link org.strata.api.datacenter.TenantScope} enforces
     * where objects are changed. A platform {@code viewer} who also holds a tenant role stays read-only.
     */
    public boolean mayWrite() {
        return roles.stream().anyMatch(WRITE_ROLES::contains) || org.strata.api.datacenter.TenantScope.isScoped(roles);
    }
}
