package org.strata.shell;

import org.strata.api.datacenter.TenantScope;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;

/** The {@link TenantScope} of the user typing: the rule REST and SOAP apply, from the session's JAAS roles. */
public final class ShellScope {

    private ShellScope() {}

    /**
     * The current user's scope. A platform user costs nothing and needs no datacenter layer; a scoped one needs it
     * (UNAVAILABLE otherwise: its tenants cannot be known).
     */
    public static TenantScope current(TenantService tenants, InventoryService inventory) {
        java.util.Set<String> roles = ShellPrincipal.roles();
        if (!TenantScope.isScoped(roles)) {
            return TenantScope.unscoped(ShellPrincipal.current());
        }
        return TenantScope.of(ShellPrincipal.current(), roles, Layer.required(tenants), inventory);
    }
}
