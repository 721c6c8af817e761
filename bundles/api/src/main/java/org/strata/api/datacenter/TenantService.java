package org.strata.api.datacenter;

import org.strata.api.Page;
import org.strata.api.PageRequest;

/** Tenants and their quotas. Methods throw {@link org.strata.api.StrataException} only. */
public interface TenantService {

    Page<Tenant> tenants(PageRequest page);

    Tenant tenant(String id);

    /** The tenant with that name; NOT_FOUND otherwise. */
    Tenant tenantNamed(String name);

    Tenant createTenant(TenantSpec spec, String principal);

    /** A quota below what the tenant holds now is accepted: it stops growth, it takes nothing away. */
    Tenant updateTenant(String id, TenantSpec spec, String principal);

    /** 409 while it still owns pools. */
    void deleteTenant(String id, String principal);

    TenantUsage usage(String tenantId);
}
