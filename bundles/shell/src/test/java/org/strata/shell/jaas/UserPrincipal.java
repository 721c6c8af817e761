package org.strata.shell.jaas;

import java.security.Principal;

/** Stands in for org.apache.karaf.jaas.boot.principal.UserPrincipal: same simple name, as matched. */
public final class UserPrincipal implements Principal {
    private final String name;

    public UserPrincipal(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }
}
