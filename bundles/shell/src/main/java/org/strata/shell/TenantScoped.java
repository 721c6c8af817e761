package org.strata.shell;

/**
 * Marks a command that applies {@link org.strata.api.datacenter.TenantScope} itself, so that users scoped to their
 * tenants may run it. {@link StrataAction} refuses every other command to them: what is not marked is infrastructure.
 */
public interface TenantScoped {}
