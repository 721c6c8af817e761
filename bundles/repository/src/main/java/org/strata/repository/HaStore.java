package org.strata.repository;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.Failover;
import org.strata.api.ha.FailoverState;
import org.strata.api.ha.HaPriority;
import org.strata.api.ha.HostHaState;
import org.strata.api.ha.VmHa;

/**
 * What high availability keeps (since 1.11, docs/ha.md): VM and cluster settings, each host's HA state, and the
 * failovers with their VMs, so that Strata restarted in the middle of one resumes it. Settings writes have history
 * entries; state and failover writes are the HA monitor's bookkeeping and have none (their events say what happened).
 * Every write is one transaction.
 */
public interface HaStore {

    /** The VM's settings, if ever set; NOT_FOUND for an unknown VM is the caller's check. */
    Optional<VmHa> vmHa(String vmId);

    /**
     * Replaces the VM's settings (inserts the first time); NOT_FOUND for an unknown VM, INVALID for an unknown VM in
     * {@code after} (kept once each, in order). Deleting the VM deletes them, and removes it from other VMs' after.
     */
    VmHa putVmHa(VmHa settings, String principal);

    /** The settings of the VMs recorded on the host that have HA enabled. */
    List<VmHa> enabledOnHost(String hostId);

    /** Every VM with HA enabled, by VM id. */
    Map<String, VmHa> enabled();

    Optional<ClusterHa> clusterHa(String clusterId);

    /**
     * Replaces the cluster's settings; NOT_FOUND for an unknown cluster; INVALID for an unknown failover host or values
     * the columns do not take (negative host failures, percentages outside 0 to 100). An empty lease directory is
     * stored as none. Deleting the cluster deletes them; deleting a host removes it from the failover hosts.
     */
    ClusterHa putClusterHa(ClusterHa settings, String principal);

    /** The settings of every cluster with HA enabled. */
    List<ClusterHa> enabledClusters();

    /** A host's HA state as last recorded. */
    record HostRecord(String hostId, HostHaState state, String reason, Instant since) {}

    /** Every recorded host state, by host id. */
    Map<String, HostRecord> hostStates();

    /** Records a host's state (replaces the previous one); NOT_FOUND for an unknown host. Deleting the host deletes it. */
    void putHostState(HostRecord state);

    /** A VM of a new failover. */
    record NewFailoverVm(String vmId, String name, HaPriority priority) {}

    /**
     * Records a new failover of the host with its VMs, all {@code PENDING}, state {@code FENCING}; CONFLICT when the host
     * has an open one (state FENCING or RESTARTING or INCOMPLETE); NOT_FOUND for an unknown host or cluster; INVALID
     * for a VM listed twice. Its VMs are kept HIGH first, in the given order within a priority. Deleting the host or
     * the cluster deletes its failovers; deleting a VM does not (the failover keeps its id and name).
     */
    Failover createFailover(
            String hostId, String clusterId, String reason, Instant detected, Instant started, List<NewFailoverVm> vms);

    Optional<Failover> failover(String id);

    /** Newest first; of one host or all ({@code hostId} null). */
    Page<Failover> failovers(String hostId, PageRequest page);

    /** Failovers in FENCING, RESTARTING or INCOMPLETE, oldest first: what a restarted Strata resumes. */
    List<Failover> openFailovers();

    /**
     * Changes a failover's state, how it was fenced ({@code bmc} or {@code lease}; null keeps), and its end (null: still
     * open). NOT_FOUND for an unknown failover; CONFLICT when an ended one is reopened while its host has another open.
     */
    Failover updateFailover(String id, FailoverState state, String fence, Instant ended);

    /**
     * Changes one VM of a failover: its state, and (null keeps each) destination host, message, task, running since.
     * NOT_FOUND when the failover has no such VM; INVALID for a state that is not one of {@link
     * org.strata.api.ha.FailoverVm#state()}'s.
     */
    void updateFailoverVm(
            String failoverId,
            String vmId,
            String state,
            String hostId,
            String message,
            String taskId,
            Instant running);

    /**
     * VMs restarted away from the host (state RUNNING in a failover of it) whose old definition there was not yet
     * removed: what to undefine on the host when it answers again. Pairs of (failover id, VM id).
     */
    List<Map.Entry<String, String>> staleDefinitions(String hostId);

    /** The stale definition of the VM on the failover's host was removed (or found gone); NOT_FOUND: no such VM. */
    void staleRemoved(String failoverId, String vmId);
}
