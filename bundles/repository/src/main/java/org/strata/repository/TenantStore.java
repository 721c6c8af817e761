package org.strata.repository;

import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.TenantSpec;

/** Tenants and their quotas (since 1.7). Names are unique. */
public interface TenantStore {

    Page<Tenant> tenants(PageRequest page);

    Optional<Tenant> tenant(String id);

    Optional<Tenant> tenantNamed(String name);

    Tenant createTenant(TenantSpec spec, String principal);

    /** A null quota keeps the tenant's. */
    Tenant updateTenant(String id, TenantSpec spec, String principal);

    /** CONFLICT while it owns pools. */
    void deleteTenant(String id, String principal);
}
