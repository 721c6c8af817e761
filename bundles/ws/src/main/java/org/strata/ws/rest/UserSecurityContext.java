package org.strata.ws.rest;

import java.security.Principal;
import javax.ws.rs.core.SecurityContext;
import org.strata.ws.security.AuthenticatedUser;

/** Makes the user authenticated by {@link BasicAuthFilter} visible to resources through {@code @Context SecurityContext}. */
final class UserSecurityContext implements SecurityContext {
    private final AuthenticatedUser user;
    private final boolean secure;

    UserSecurityContext(AuthenticatedUser user, boolean secure) {
        this.user = user;
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return user;
    }

    @Override
    public boolean isUserInRole(String role) {
        return user.roles().contains(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return BASIC_AUTH;
    }
}
