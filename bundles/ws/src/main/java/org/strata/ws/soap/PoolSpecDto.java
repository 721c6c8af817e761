package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

@XmlType(name = "PoolSpec")
public class PoolSpecDto {
    public String datacenterId;
    public String parentId;
    public String name;
    public String description;
    public Integer cpuLimit;
    public Long memoryLimitMb;
    /**
     * Absent allocation fields take the default on create (normal shares, no reservation, expandable, the parent's
     * cluster and tenant) and keep the pool's value on a change.
     */
    public String clusterId;

    public String tenantId;
    public Integer cpuShares;
    public Integer memoryShares;
    public Integer cpuReservation;
    public Long memoryReservationMb;
    public Boolean expandable;

    public PoolSpecDto() {}
}
