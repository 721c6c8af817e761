package org.strata.ws.soap;

import java.time.Instant;
import javax.xml.bind.annotation.XmlSchemaType;
import javax.xml.bind.annotation.XmlType;
import javax.xml.bind.annotation.adapters.XmlJavaTypeAdapter;

@XmlType(name = "ResourcePool")
public class PoolDto {
    public String id;
    public String datacenterId;
    public String parentId;
    public String name;
    public String description;
    /** Absent means unlimited. */
    public Integer cpuLimit;
    /** Absent means unlimited. */
    public Long memoryLimitMb;

    @XmlJavaTypeAdapter(InstantAdapter.class)
    @XmlSchemaType(name = "dateTime")
    public Instant created;

    /** The cluster whose hosts the pool's VMs run on; absent: any hypervisor host of the datacenter. */
    public String clusterId;
    /** The tenant that owns the pool and its VMs; absent: the platform's. */
    public String tenantId;
    /** Weight under CPU contention (normal 4000, low 2000, high 8000). */
    public int cpuShares;

    public int memoryShares;
    /** vCPUs set aside for the pool. */
    public int cpuReservation;
    /** MiB set aside for the pool. */
    public long memoryReservationMb;
    /** Whether the pool may take what its parent has unreserved once its own reservation is used up. */
    public boolean expandable;

    public PoolDto() {}
}
