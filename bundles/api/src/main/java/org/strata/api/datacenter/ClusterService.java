package org.strata.api.datacenter;

import java.util.List;
import java.util.Map;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.task.Task;

/** Clusters, their hosts and maintenance mode. Methods throw {@link org.strata.api.StrataException} only. */
public interface ClusterService {

    /** Clusters of one datacenter, or all ({@code datacenterId} null). */
    Page<Cluster> clusters(String datacenterId, PageRequest page);

    Cluster cluster(String id);

    Cluster createCluster(ClusterSpec spec, String principal);

    Cluster updateCluster(String id, ClusterSpec spec, String principal);

    /** 409 while it still has hosts or pools. */
    void deleteCluster(String id, String principal);

    List<ClusterHost> hosts(String clusterId);

    /** The host's membership; NOT_FOUND when the host is in no cluster. */
    ClusterHost membership(String hostId);

    /** Adds a hypervisor host of the cluster's datacenter; a host belongs to one cluster at most (409). */
    ClusterHost addHost(String clusterId, String hostId, Map<String, String> labels, String principal);

    /** Replaces the host's labels. */
    ClusterHost setLabels(String clusterId, String hostId, Map<String, String> labels, String principal);

    /** 409 while VMs of the cluster's pools run on it. */
    void removeHost(String clusterId, String hostId, String principal);

    /**
     * Puts the host into maintenance: a task that live-migrates its running VMs to other hosts of the cluster (chosen
     * by placement), with progress per VM. VMs that cannot move are named in the task's result and the host stays
     * {@code entering} until an admin moves or stops them and asks again, or takes the host out of maintenance.
     */
    Task enterMaintenance(String hostId, String principal);

    /** Takes the host out of maintenance (or out of {@code entering}): placement may use it again. */
    ClusterHost exitMaintenance(String hostId, String principal);
}
