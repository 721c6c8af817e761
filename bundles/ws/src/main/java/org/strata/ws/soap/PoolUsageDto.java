package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** A pool with its allocation now and its child pools: a node of the pool tree. */
@XmlType(name = "PoolUsage")
public class PoolUsageDto {
    public String poolId;
    public String name;
    public String parentId;
    public String clusterId;
    public String tenantId;
    public boolean expandable;
    public AllocationDto cpu;
    public AllocationDto memoryMb;
    public int vms;
    public int runningVms;

    @XmlElement(name = "child")
    public List<PoolUsageDto> children = new ArrayList<>();

    public PoolUsageDto() {}
}
