package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** What a tenant holds now against its quota. */
@XmlType(name = "TenantUsage")
public class TenantUsageDto {
    public String tenantId;
    public QuotaDto quota;
    public int vms;
    public int cpus;
    public long memoryMb;
    public long storageGb;

    public TenantUsageDto() {}
}
