package org.strata.api.ha;

import java.util.List;
import org.strata.api.Page;
import org.strata.api.PageRequest;

/** High availability: settings, host states and failovers. Methods throw {@link org.strata.api.StrataException} only. */
public interface HaService {

    /** The VM's HA settings (disabled when never set); NOT_FOUND for an unknown VM. */
    VmHa vmHa(String vmId);

    /**
     * Changes the VM's HA settings. Enabling HA on a running VM is admission-checked against its cluster's policy
     * (CONFLICT naming it); INVALID for an unknown VM in {@code after} or an order that loops.
     */
    VmHa setVmHa(String vmId, VmHaSpec spec, String principal);

    /** The cluster's HA settings (disabled when never set); NOT_FOUND for an unknown cluster. */
    ClusterHa clusterHa(String clusterId);

    /**
     * Changes the cluster's HA settings. INVALID for values out of range, failover hosts that are not the cluster's,
     * or a lease directory that is not an absolute path; CONFLICT when the cluster as it runs now already breaks the
     * new admission policy.
     */
    ClusterHa setClusterHa(String clusterId, ClusterHaSpec spec, String principal);

    /** The HA state of each host of the cluster, or of every HA cluster's hosts ({@code clusterId} null). */
    List<HostHa> hosts(String clusterId);

    /** One host's HA state; NOT_FOUND when the host is in no cluster with HA enabled. */
    HostHa host(String hostId);

    /** Failovers, newest first: of one host, or all ({@code hostId} null). */
    Page<Failover> failovers(String hostId, PageRequest page);

    Failover failover(String id);
}
