package org.strata.ws.security;

import org.strata.api.datacenter.TenantScope;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;

/**
 * The {@link TenantScope} of the user behind a REST request or a SOAP call. The rule itself is {@link TenantScope}'s,
 * shared with the shell; this only supplies the lookups. A platform user costs nothing; a scoped one asks the
 * datacenter layer for its tenants (503 while that layer is not running, since nothing could be shown safely).
 */
public final class Scopes {
    private final TenantService tenants;
    private final InventoryService inventory;

    public Scopes(TenantService tenants, InventoryService inventory) {
        this.tenants = tenants;
        this.inventory = inventory;
    }

    public TenantScope of(AuthenticatedUser user) {
        return TenantScope.of(user.name(), user.roles(), tenants, inventory);
    }
}
