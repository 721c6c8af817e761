package org.strata.api.datacenter;

/** What a tenant holds now against its quota. */
public record TenantUsage(String tenantId, Quota quota, int vms, int cpus, long memoryMb, long storageGb) {}
