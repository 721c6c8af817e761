package org.strata.api.datacenter;

/** What a caller gives to create or change a tenant; a null quota is unlimited on create and kept on a change. */
public record TenantSpec(String name, String description, Quota quota) {}
