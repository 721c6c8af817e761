package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.TENANT;
import static org.strata.repository.jdbc.StoreRules.conflictIfDuplicate;
import static org.strata.repository.jdbc.StoreRules.newId;
import static org.strata.repository.jdbc.StoreRules.require;

import java.sql.SQLException;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Quota;
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.TenantSpec;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.repository.TenantStore;

/** Tenants over JDBC; each write one transaction with its history entry. */
final class JdbcTenantStore implements TenantStore {

    private final Transactions tx;
    private final TenantDao tenants;
    private final HistoryDao history;

    JdbcTenantStore(Transactions tx, TenantDao tenants, HistoryDao history) {
        this.tx = tx;
        this.tenants = tenants;
        this.history = history;
    }

    @Override
    public Page<Tenant> tenants(PageRequest page) {
        return tx.inTransaction("listing tenants", c -> tenants.page(c, page));
    }

    @Override
    public Optional<Tenant> tenant(String id) {
        return tx.inTransaction("reading a tenant", c -> tenants.find(c, id));
    }

    @Override
    public Optional<Tenant> tenantNamed(String name) {
        return tx.inTransaction("reading a tenant", c -> tenants.findNamed(c, name));
    }

    @Override
    public Tenant createTenant(TenantSpec spec, String principal) {
        require(spec.name(), "name");
        return tx.inTransaction("creating a tenant", c -> {
            Tenant created = new Tenant(
                    newId(),
                    spec.name(),
                    spec.description(),
                    spec.quota() == null ? Quota.UNLIMITED : spec.quota(),
                    Rows.now());
            try {
                tenants.insert(c, created);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "a tenant named '" + spec.name() + "' already exists");
            }
            history.record(c, principal, TENANT, created.id(), Action.CREATE, null, created);
            return created;
        });
    }

    @Override
    public Tenant updateTenant(String id, TenantSpec spec, String principal) {
        require(spec.name(), "name");
        return tx.inTransaction("updating a tenant", c -> {
            Tenant before = tenants.find(c, id).orElseThrow(() -> StrataException.notFound(TENANT, id));
            Tenant after = new Tenant(
                    id,
                    spec.name(),
                    spec.description(),
                    spec.quota() == null ? before.quota() : spec.quota(),
                    before.created());
            try {
                tenants.update(c, after);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "a tenant named '" + spec.name() + "' already exists");
            }
            history.record(c, principal, TENANT, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void deleteTenant(String id, String principal) {
        tx.inTransaction("deleting a tenant", c -> {
            Tenant before = tenants.find(c, id).orElseThrow(() -> StrataException.notFound(TENANT, id));
            if (tenants.ownsPools(c, id)) {
                throw StrataException.conflict("tenant '" + before.name() + "' still owns pools");
            }
            tenants.delete(c, id);
            history.record(c, principal, TENANT, id, Action.DELETE, before, null);
            return null;
        });
    }
}
