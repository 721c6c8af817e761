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

    /** The cluster's calendar of policies; NOT_FOUND when it has none. */
    ClusterSchedule schedule(String clusterId);

    /**
     * Replaces the cluster's calendar (null removes it); INVALID_INPUT naming the field for a bad cron expression,
     * zone, date or policy. The policy in force changes at once if the new calendar says so (an event).
     */
    ClusterSchedule setSchedule(String clusterId, ClusterSchedule schedule, String principal);

    /** What the cluster will follow from now for {@code days} days (1 to 366), segment by segment. */
    java.util.List<PolicySegment> timeline(String clusterId, int days);

    /** The policy the cluster follows now, and since and until when. */
    PolicySegment activePolicy(String clusterId);

    /**
     * A balancing round computed now, from the hosts' and VMs' measured load, without acting on it: what manual mode
     * shows an admin (and automatic mode carries out on its own).
     */
    BalancingReport recommendations(String clusterId);

    /** Carries out a balancing round now: a task that live-migrates what the round recommends, one VM at a time. */
    org.strata.api.task.Task applyRecommendations(String clusterId, String principal);

    /** Takes the host out of maintenance (or out of {@code entering}): placement may use it again. */
    ClusterHost exitMaintenance(String hostId, String principal);
}
