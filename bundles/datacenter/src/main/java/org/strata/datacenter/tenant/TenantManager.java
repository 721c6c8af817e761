package org.strata.datacenter.tenant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Quota;
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.TenantService;
import org.strata.api.datacenter.TenantSpec;
import org.strata.api.datacenter.TenantUsage;
import org.strata.datacenter.allocation.Ledger;
import org.strata.repository.TenantStore;

/** Tenants: names that JAAS roles can carry ({@code tenant:<name>}), and quotas that are not negative. */
@Component(service = TenantService.class)
public final class TenantManager implements TenantService {

    /** Lower case, so that a role names a tenant one way only. */
    static final String NAME_RULE = "[a-z0-9][a-z0-9._-]{0,62}";

    private final TenantStore store;
    private final Ledger ledger;

    @Activate
    public TenantManager(@Reference TenantStore store, @Reference Ledger ledger) {
        this.store = store;
        this.ledger = ledger;
    }

    @Override
    public Page<Tenant> tenants(PageRequest page) {
        return store.tenants(page);
    }

    @Override
    public Tenant tenant(String id) {
        return store.tenant(id).orElseThrow(() -> StrataException.notFound("tenant", id));
    }

    @Override
    public Tenant tenantNamed(String name) {
        return store.tenantNamed(name).orElseThrow(() -> StrataException.notFound("tenant", name));
    }

    @Override
    public Tenant createTenant(TenantSpec spec, String principal) {
        return store.createTenant(valid(spec), principal);
    }

    @Override
    public Tenant updateTenant(String id, TenantSpec spec, String principal) {
        return store.updateTenant(id, valid(spec), principal);
    }

    @Override
    public void deleteTenant(String id, String principal) {
        store.deleteTenant(id, principal);
    }

    @Override
    public TenantUsage usage(String tenantId) {
        return ledger.tenantUsage(tenant(tenantId));
    }

    static TenantSpec valid(TenantSpec spec) {
        if (spec == null) {
            throw StrataException.invalid("a tenant is required");
        }
        if (spec.name() == null || !spec.name().matches(NAME_RULE)) {
            throw StrataException.invalid("name is required: 1 to 63 lower-case letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit (it is the tenant's JAAS role, tenant:<name>)");
        }
        if (spec.description() != null && spec.description().length() > 4000) {
            throw StrataException.invalid("description must be at most 4000 characters");
        }
        Quota q = spec.quota();
        if (q != null
                && ((q.vms() != null && q.vms() < 0)
                        || (q.cpus() != null && q.cpus() < 0)
                        || (q.memoryMb() != null && q.memoryMb() < 0)
                        || (q.storageGb() != null && q.storageGb() < 0))) {
            throw StrataException.invalid("a quota cannot be negative (leave a field out for no limit)");
        }
        return spec;
    }
}
