package org.strata.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterHost;

/**
 * Clusters and their hosts (since 1.7), for the datacenter layer, which validates what it writes here. Each write is
 * one transaction with its history entry and holds the cluster's datacenter row lock, as every write that changes what
 * a datacenter holds does.
 */
public interface ClusterStore {

    Page<Cluster> clusters(String datacenterId, PageRequest page);

    Optional<Cluster> cluster(String id);

    /** INVALID_INPUT for a missing datacenter; CONFLICT when the datacenter has a cluster of that name. */
    Cluster createCluster(Cluster cluster, String principal);

    Cluster updateCluster(Cluster cluster, String principal);

    /** CONFLICT while it has hosts or pools. */
    void deleteCluster(String id, String principal);

    /** The cluster's calendar of policies as the datacenter layer wrote it (JSON), if it has one. */
    Optional<String> schedule(String clusterId);

    /** Replaces the calendar (null removes it), with its history entry. */
    void setSchedule(String clusterId, String scheduleJson, String principal);

    List<ClusterHost> members(String clusterId);

    /** Every membership of every cluster: what placement and balancing start from. */
    List<ClusterHost> allMembers();

    Optional<ClusterHost> membership(String hostId);

    /**
     * Adds a host to a cluster, not in maintenance: INVALID_INPUT when the host does not exist, is no hypervisor or is
     * in another datacenter; CONFLICT when it is in a cluster already.
     */
    ClusterHost addMember(String clusterId, String hostId, Map<String, String> labels, String principal);

    /** Changes a member's maintenance state ({@code NONE}, {@code ENTERING}, {@code IN}) or labels (null keeps). */
    ClusterHost updateMember(String hostId, String maintenance, Map<String, String> labels, String principal);

    void removeMember(String clusterId, String hostId, String principal);

    /**
     * The cluster's hosts in standby (since 1.8): powered off by power management, each with when it entered standby.
     * A host not named is not in standby.
     */
    Map<String, Instant> standby(String clusterId);

    /**
     * Puts a member into standby ({@code true}, recording now as its start) or takes it out (since 1.8), with its
     * history entry; NOT_FOUND when the host is in no cluster. Setting the state it already has changes nothing.
     */
    void setStandby(String hostId, boolean standby, String principal);
}
