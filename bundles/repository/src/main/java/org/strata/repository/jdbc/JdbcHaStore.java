package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.conflictIfDuplicate;
import static org.strata.repository.jdbc.StoreRules.invalidIfReferenceMissing;
import static org.strata.repository.jdbc.StoreRules.newId;
import static org.strata.repository.jdbc.StoreRules.require;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.Failover;
import org.strata.api.ha.FailoverState;
import org.strata.api.ha.FailoverVm;
import org.strata.api.ha.HaPriority;
import org.strata.api.ha.VmHa;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.repository.HaStore;

/**
 * HA settings, host states and failovers over JDBC; each write one transaction. Settings writes take the row lock of
 * their VM or cluster (which must exist) and record a history entry when they change something; host states and
 * failovers are the HA monitor's bookkeeping and record none.
 */
final class JdbcHaStore implements HaStore {

    /** History entity types: the settings are not the VM's or the cluster's own record, so they have their own. */
    static final String VM_HA = "vm-ha";

    static final String CLUSTER_HA = "cluster-ha";
    static final String FAILOVER = "failover";

    private static final Set<String> VM_STATES =
            Set.of("PENDING", "RESTARTING", "RUNNING", "UNPLACED", "FAILED", "SKIPPED");
    private static final Set<String> FENCES = Set.of("bmc", "lease");

    private final Transactions tx;
    private final HaDao ha;
    private final HistoryDao history;

    JdbcHaStore(Transactions tx, HaDao ha, HistoryDao history) {
        this.tx = tx;
        this.ha = ha;
        this.history = history;
    }

    // ---- VM settings

    @Override
    public Optional<VmHa> vmHa(String vmId) {
        return tx.inTransaction("reading a VM's HA settings", c -> ha.vmHa(c, vmId));
    }

    @Override
    public VmHa putVmHa(VmHa settings, String principal) {
        if (settings == null) {
            throw StrataException.invalid("HA settings are required");
        }
        VmHa after =
                new VmHa(settings.vmId(), settings.enabled(), settings.priority(), unique(settings.after(), "after"));
        return tx.inTransaction("writing a VM's HA settings", c -> {
            if (!ha.lockVm(c, after.vmId())) {
                throw StrataException.notFound("vm", after.vmId());
            }
            Optional<VmHa> before = ha.vmHa(c, after.vmId());
            if (before.isPresent() && before.get().equals(after)) {
                return after;
            }
            try {
                ha.putVmHa(c, after, before.isPresent());
            } catch (SQLException e) {
                throw invalidIfReferenceMissing(e, "a VM in after does not exist");
            }
            history.record(
                    c,
                    principal,
                    VM_HA,
                    after.vmId(),
                    before.isPresent() ? Action.UPDATE : Action.CREATE,
                    before.orElse(null),
                    after);
            return after;
        });
    }

    @Override
    public List<VmHa> enabledOnHost(String hostId) {
        return tx.inTransaction("reading a host's HA VMs", c -> ha.enabledOnHost(c, hostId));
    }

    @Override
    public Map<String, VmHa> enabled() {
        return tx.inTransaction("reading the HA VMs", c -> {
            Map<String, VmHa> enabled = new LinkedHashMap<>();
            for (VmHa vm : ha.enabledVms(c)) {
                enabled.put(vm.vmId(), vm);
            }
            return Collections.unmodifiableMap(enabled);
        });
    }

    // ---- cluster settings

    @Override
    public Optional<ClusterHa> clusterHa(String clusterId) {
        return tx.inTransaction("reading a cluster's HA settings", c -> ha.clusterHa(c, clusterId));
    }

    @Override
    public ClusterHa putClusterHa(ClusterHa settings, String principal) {
        if (settings == null) {
            throw StrataException.invalid("HA settings are required");
        }
        ClusterHa after = checked(settings);
        return tx.inTransaction("writing a cluster's HA settings", c -> {
            if (!ha.lockCluster(c, after.clusterId())) {
                throw StrataException.notFound("cluster", after.clusterId());
            }
            Optional<ClusterHa> before = ha.clusterHa(c, after.clusterId());
            if (before.isPresent() && before.get().equals(after)) {
                return after;
            }
            try {
                ha.putClusterHa(c, after, before.isPresent());
            } catch (SQLException e) {
                throw invalidIfReferenceMissing(e, "a failover host does not exist");
            }
            history.record(
                    c,
                    principal,
                    CLUSTER_HA,
                    after.clusterId(),
                    before.isPresent() ? Action.UPDATE : Action.CREATE,
                    before.orElse(null),
                    after);
            return after;
        });
    }

    @Override
    public List<ClusterHa> enabledClusters() {
        return tx.inTransaction("reading the HA clusters", ha::enabledClusters);
    }

    // ---- host states

    @Override
    public Map<String, HostRecord> hostStates() {
        return tx.inTransaction("reading the hosts' HA states", ha::hostStates);
    }

    @Override
    public void putHostState(HostRecord state) {
        if (state == null || state.state() == null) {
            throw StrataException.invalid("a host HA state is required");
        }
        require(state.hostId(), "hostId");
        HostRecord written = new HostRecord(
                state.hostId(), state.state(), state.reason(), state.since() == null ? Rows.now() : state.since());
        tx.inTransaction("recording a host's HA state", c -> {
            if (!ha.lockHost(c, written.hostId())) {
                throw StrataException.notFound("host", written.hostId());
            }
            ha.putHostState(c, written);
            return null;
        });
    }

    // ---- failovers

    @Override
    public Failover createFailover(
            String hostId,
            String clusterId,
            String reason,
            Instant detected,
            Instant started,
            List<NewFailoverVm> vms) {
        require(hostId, "hostId");
        require(clusterId, "clusterId");
        if (detected == null || started == null) {
            throw StrataException.invalid("a failover needs the time its host was detected and the time it started");
        }
        Failover created = new Failover(
                newId(), hostId, clusterId, FailoverState.FENCING, null, reason, detected, started, null, pending(vms));
        return tx.inTransaction("recording a failover", c -> {
            // The host's row lock orders this against another failover of the host and against its deletion.
            if (!ha.lockHost(c, hostId)) {
                throw StrataException.notFound("host", hostId);
            }
            if (Rows.count(c, "select count(*) from cluster where id = ?", clusterId) == 0) {
                throw StrataException.notFound("cluster", clusterId);
            }
            try {
                ha.insertFailover(c, created);
            } catch (SQLException e) {
                throw conflictIfDuplicate(e, "host '" + hostId + "' already has a failover in progress");
            }
            return created;
        });
    }

    @Override
    public Optional<Failover> failover(String id) {
        return tx.inTransaction("reading a failover", c -> ha.failover(c, id));
    }

    @Override
    public Page<Failover> failovers(String hostId, PageRequest page) {
        PageRequest request = page == null ? PageRequest.first() : page;
        return tx.inTransaction("listing failovers", c -> ha.failovers(c, hostId, request));
    }

    @Override
    public List<Failover> openFailovers() {
        return tx.inTransaction("reading the open failovers", ha::openFailovers);
    }

    @Override
    public Failover updateFailover(String id, FailoverState state, String fence, Instant ended) {
        if (state == null) {
            throw StrataException.invalid("state is required");
        }
        if (fence != null && !FENCES.contains(fence)) {
            throw StrataException.invalid("fence must be 'bmc' or 'lease', not '" + fence + "'");
        }
        return tx.inTransaction("updating a failover", c -> {
            Failover before = ha.lockFailover(c, id).orElseThrow(() -> StrataException.notFound(FAILOVER, id));
            Failover after = new Failover(
                    id,
                    before.hostId(),
                    before.clusterId(),
                    state,
                    fence == null ? before.fence() : fence,
                    before.reason(),
                    before.detected(),
                    before.started(),
                    ended,
                    before.vms());
            try {
                ha.updateFailover(c, after);
            } catch (SQLException e) {
                // Only reopening an ended failover can get here: the host has another open one since.
                throw conflictIfDuplicate(e, "host '" + before.hostId() + "' already has a failover in progress");
            }
            return after;
        });
    }

    @Override
    public void updateFailoverVm(
            String failoverId,
            String vmId,
            String state,
            String hostId,
            String message,
            String taskId,
            Instant running) {
        if (state == null || !VM_STATES.contains(state)) {
            throw StrataException.invalid("state must be one of " + new TreeSet<>(VM_STATES)
                    + (state == null ? "" : ", not '" + state + "'"));
        }
        tx.inTransaction("updating a VM of a failover", c -> {
            FailoverVm before = ha.failoverVm(c, failoverId, vmId)
                    .orElseThrow(() -> StrataException.notFound("VM of failover " + failoverId, vmId));
            FailoverVm after = new FailoverVm(
                    vmId,
                    before.name(),
                    before.priority(),
                    state,
                    hostId == null ? before.hostId() : hostId,
                    message == null ? before.message() : message,
                    taskId == null ? before.taskId() : taskId,
                    running == null ? before.running() : running);
            ha.updateFailoverVm(c, failoverId, after);
            return null;
        });
    }

    @Override
    public List<Map.Entry<String, String>> staleDefinitions(String hostId) {
        return tx.inTransaction("reading a host's stale VM definitions", c -> ha.staleDefinitions(c, hostId));
    }

    @Override
    public void staleRemoved(String failoverId, String vmId) {
        tx.inTransaction("recording a stale VM definition removed", c -> {
            if (!ha.staleRemoved(c, failoverId, vmId)) {
                throw StrataException.notFound("VM of failover " + failoverId, vmId);
            }
            return null;
        });
    }

    // ---- checks

    /** The failover's VMs, all PENDING, HIGH before MEDIUM before LOW and in the given order within a priority. */
    private static List<FailoverVm> pending(List<NewFailoverVm> vms) {
        if (vms == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<NewFailoverVm> sorted = new ArrayList<>();
        for (NewFailoverVm vm : vms) {
            if (vm == null) {
                throw StrataException.invalid("a failover VM is required");
            }
            require(vm.vmId(), "vmId");
            require(vm.name(), "name");
            if (!seen.add(vm.vmId())) {
                throw StrataException.invalid("VM '" + vm.name() + "' is listed twice");
            }
            sorted.add(vm);
        }
        // List.sort is stable: within a priority the caller's order stays.
        sorted.sort(Comparator.comparing(JdbcHaStore::priority));
        return sorted.stream()
                .map(vm -> new FailoverVm(vm.vmId(), vm.name(), priority(vm), "PENDING", null, null, null, null))
                .toList();
    }

    private static HaPriority priority(NewFailoverVm vm) {
        return vm.priority() == null ? HaPriority.MEDIUM : vm.priority();
    }

    /** What the columns hold; the service checks the rest (failover hosts of the cluster, an absolute path). */
    private static ClusterHa checked(ClusterHa s) {
        if (s.hostFailures() < 0) {
            throw StrataException.invalid("hostFailures must not be negative");
        }
        if (s.cpuPercent() < 0 || s.cpuPercent() > 100) {
            throw StrataException.invalid("cpuPercent must be between 0 and 100");
        }
        if (s.memoryPercent() < 0 || s.memoryPercent() > 100) {
            throw StrataException.invalid("memoryPercent must be between 0 and 100");
        }
        String lease = s.leaseDirectory() == null || s.leaseDirectory().isEmpty() ? null : s.leaseDirectory();
        if (lease != null && lease.length() > 4000) {
            throw StrataException.invalid("leaseDirectory must be at most 4000 characters");
        }
        return new ClusterHa(
                s.clusterId(),
                s.enabled(),
                s.admission(),
                s.hostFailures(),
                s.cpuPercent(),
                s.memoryPercent(),
                unique(s.failoverHosts(), "failoverHosts"),
                lease);
    }

    /** The ids once each, in their first order. */
    private static List<String> unique(List<String> ids, String field) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String id : ids) {
            require(id, "each of " + field);
            unique.add(id);
        }
        return List.copyOf(unique);
    }
}
