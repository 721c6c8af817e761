package org.strata.shell.jaas;

import java.security.Principal;

/** Stands in for org.apache.karaf.jaas.boot.principal.RolePrincipal: same simple name, as matched. */
public final class RolePrincipal implements Principal {
    private final String name;

    public RolePrincipal(String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }
}
