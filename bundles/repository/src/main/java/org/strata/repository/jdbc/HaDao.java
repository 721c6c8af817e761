package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.Failover;
import org.strata.api.ha.FailoverState;
import org.strata.api.ha.FailoverVm;
import org.strata.api.ha.HaPriority;
import org.strata.api.ha.HostHaState;
import org.strata.api.ha.VmHa;
import org.strata.repository.HaStore.HostRecord;

/** SQL for the HA tables (V15): VM and cluster settings with their lists, host states, failovers and their VMs. */
final class HaDao {

    private static final String VM_COLUMNS = "vm_id, enabled, priority";
    private static final String CLUSTER_COLUMNS =
            "cluster_id, enabled, admission, host_failures, cpu_percent, memory_percent, lease_directory";
    private static final String FAILOVER_COLUMNS =
            "id, host_id, cluster_id, state, fence, reason, detected_at, started_at, ended_at";
    private static final String FAILOVER_VM_COLUMNS =
            "failover_id, vm_id, name, priority, state, host_id, message, task_id, running_at";
    /** Newest first; the id breaks ties between failovers begun in the same millisecond. */
    private static final String NEWEST_FIRST = "started_at desc, id desc";

    // ---- VM settings

    Optional<VmHa> vmHa(Connection c, String vmId) throws SQLException {
        List<VmHa> found = withAfter(
                c,
                Rows.list(c, "select " + VM_COLUMNS + " from vm_ha where vm_id = ?", HaDao::vmRow, vmId),
                "where a.vm_id = ?",
                vmId);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<VmHa> enabledOnHost(Connection c, String hostId) throws SQLException {
        return withAfter(
                c,
                Rows.list(
                        c,
                        "select h.vm_id, h.enabled, h.priority from vm_ha h join vm v on v.id = h.vm_id"
                                + " where v.host_id = ? and h.enabled = true order by h.vm_id",
                        HaDao::vmRow,
                        hostId),
                "join vm_ha h on h.vm_id = a.vm_id join vm v on v.id = h.vm_id where v.host_id = ? and h.enabled = true",
                hostId);
    }

    List<VmHa> enabledVms(Connection c) throws SQLException {
        return withAfter(
                c,
                Rows.list(c, "select " + VM_COLUMNS + " from vm_ha where enabled = true order by vm_id", HaDao::vmRow),
                "join vm_ha h on h.vm_id = a.vm_id where h.enabled = true");
    }

    /** Whether the VM exists; takes its row lock, so that the VM cannot go while its settings are written. */
    boolean lockVm(Connection c, String vmId) throws SQLException {
        return Rows.one(c, "select id from vm where id = ? for update", rs -> rs.getString(1), vmId)
                .isPresent();
    }

    void putVmHa(Connection c, VmHa settings, boolean exists) throws SQLException {
        if (exists) {
            Rows.update(
                    c,
                    "update vm_ha set enabled = ?, priority = ? where vm_id = ?",
                    settings.enabled(),
                    settings.priority(),
                    settings.vmId());
            Rows.update(c, "delete from vm_ha_after where vm_id = ?", settings.vmId());
        } else {
            Rows.update(
                    c,
                    "insert into vm_ha (" + VM_COLUMNS + ") values (?, ?, ?)",
                    settings.vmId(),
                    settings.enabled(),
                    settings.priority());
        }
        int seq = 0;
        for (String after : settings.after()) {
            Rows.update(
                    c,
                    "insert into vm_ha_after (vm_id, seq, after_vm_id) values (?, ?, ?)",
                    settings.vmId(),
                    seq++,
                    after);
        }
    }

    // ---- cluster settings

    Optional<ClusterHa> clusterHa(Connection c, String clusterId) throws SQLException {
        List<ClusterHa> found = withFailoverHosts(
                c,
                Rows.list(
                        c,
                        "select " + CLUSTER_COLUMNS + " from cluster_ha where cluster_id = ?",
                        HaDao::clusterRow,
                        clusterId));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    List<ClusterHa> enabledClusters(Connection c) throws SQLException {
        return withFailoverHosts(
                c,
                Rows.list(
                        c,
                        "select " + CLUSTER_COLUMNS + " from cluster_ha where enabled = true order by cluster_id",
                        HaDao::clusterRow));
    }

    /** Whether the cluster exists; takes its row lock, as every other write about a cluster's content does. */
    boolean lockCluster(Connection c, String clusterId) throws SQLException {
        return Rows.one(c, "select id from cluster where id = ? for update", rs -> rs.getString(1), clusterId)
                .isPresent();
    }

    void putClusterHa(Connection c, ClusterHa s, boolean exists) throws SQLException {
        Object lease = Rows.orNull(s.leaseDirectory(), Types.VARCHAR);
        if (exists) {
            Rows.update(
                    c,
                    "update cluster_ha set enabled = ?, admission = ?, host_failures = ?, cpu_percent = ?,"
                            + " memory_percent = ?, lease_directory = ? where cluster_id = ?",
                    s.enabled(),
                    s.admission(),
                    s.hostFailures(),
                    s.cpuPercent(),
                    s.memoryPercent(),
                    lease,
                    s.clusterId());
            Rows.update(c, "delete from cluster_ha_failover_host where cluster_id = ?", s.clusterId());
        } else {
            Rows.update(
                    c,
                    "insert into cluster_ha (" + CLUSTER_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
                    s.clusterId(),
                    s.enabled(),
                    s.admission(),
                    s.hostFailures(),
                    s.cpuPercent(),
                    s.memoryPercent(),
                    lease);
        }
        int seq = 0;
        for (String host : s.failoverHosts()) {
            Rows.update(
                    c,
                    "insert into cluster_ha_failover_host (cluster_id, seq, host_id) values (?, ?, ?)",
                    s.clusterId(),
                    seq++,
                    host);
        }
    }

    // ---- host states

    Map<String, HostRecord> hostStates(Connection c) throws SQLException {
        Map<String, HostRecord> states = new LinkedHashMap<>();
        for (HostRecord r : Rows.list(
                c,
                "select host_id, state, reason, entered_at from host_ha order by host_id",
                rs -> new HostRecord(
                        rs.getString("host_id"),
                        HostHaState.valueOf(rs.getString("state")),
                        rs.getString("reason"),
                        Rows.instant(rs, "entered_at")))) {
            states.put(r.hostId(), r);
        }
        return Collections.unmodifiableMap(states);
    }

    /** Whether the host exists; takes its row lock, so that two writers of its state take turns. */
    boolean lockHost(Connection c, String hostId) throws SQLException {
        return Rows.one(c, "select id from host where id = ? for update", rs -> rs.getString(1), hostId)
                .isPresent();
    }

    /** Replaces the host's state; the caller holds the host's row lock, so update-or-insert does not race. */
    void putHostState(Connection c, HostRecord r) throws SQLException {
        Object reason = Rows.orNull(r.reason(), Types.VARCHAR);
        int updated = Rows.update(
                c,
                "update host_ha set state = ?, reason = ?, entered_at = ? where host_id = ?",
                r.state(),
                reason,
                r.since(),
                r.hostId());
        if (updated == 0) {
            Rows.update(
                    c,
                    "insert into host_ha (host_id, state, reason, entered_at) values (?, ?, ?, ?)",
                    r.hostId(),
                    r.state(),
                    reason,
                    r.since());
        }
    }

    // ---- failovers

    void insertFailover(Connection c, Failover f) throws SQLException {
        Rows.update(
                c,
                "insert into failover (" + FAILOVER_COLUMNS + ", open_host_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                f.id(),
                f.hostId(),
                f.clusterId(),
                f.state(),
                Rows.orNull(f.fence(), Types.VARCHAR),
                Rows.orNull(f.reason(), Types.VARCHAR),
                f.detected(),
                f.started(),
                Rows.orNull(f.ended(), Types.TIMESTAMP_WITH_TIMEZONE),
                Rows.orNull(isOpen(f.state()) ? f.hostId() : null, Types.VARCHAR));
        int seq = 0;
        for (FailoverVm vm : f.vms()) {
            Rows.update(
                    c,
                    "insert into failover_vm (" + FAILOVER_VM_COLUMNS + ", seq, stale_removed)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)",
                    f.id(),
                    vm.vmId(),
                    vm.name(),
                    vm.priority(),
                    vm.state(),
                    Rows.orNull(vm.hostId(), Types.VARCHAR),
                    Rows.orNull(vm.message(), Types.VARCHAR),
                    Rows.orNull(vm.taskId(), Types.VARCHAR),
                    Rows.orNull(vm.running(), Types.TIMESTAMP_WITH_TIMEZONE),
                    seq++);
        }
    }

    Optional<Failover> failover(Connection c, String id) throws SQLException {
        List<Failover> found = withVms(
                c, Rows.list(c, "select " + FAILOVER_COLUMNS + " from failover where id = ?", HaDao::failoverRow, id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Takes the failover's row lock: its changes are read, then written. */
    Optional<Failover> lockFailover(Connection c, String id) throws SQLException {
        if (Rows.one(c, "select id from failover where id = ? for update", rs -> rs.getString(1), id)
                .isEmpty()) {
            return Optional.empty();
        }
        return failover(c, id);
    }

    Page<Failover> failovers(Connection c, String hostId, PageRequest page) throws SQLException {
        Page<Failover> rows = hostId == null
                ? Rows.page(c, FAILOVER_COLUMNS, "failover", null, NEWEST_FIRST, page, HaDao::failoverRow)
                : Rows.page(
                        c, FAILOVER_COLUMNS, "failover", "host_id = ?", NEWEST_FIRST, page, HaDao::failoverRow, hostId);
        return new Page<>(withVms(c, rows.items()), rows.offset(), rows.limit(), rows.total());
    }

    List<Failover> openFailovers(Connection c) throws SQLException {
        return withVms(
                c,
                Rows.list(
                        c,
                        "select " + FAILOVER_COLUMNS
                                + " from failover where state in (?, ?, ?) order by started_at, id",
                        HaDao::failoverRow,
                        FailoverState.FENCING,
                        FailoverState.RESTARTING,
                        FailoverState.INCOMPLETE));
    }

    void updateFailover(Connection c, Failover f) throws SQLException {
        Rows.update(
                c,
                "update failover set state = ?, open_host_id = ?, fence = ?, ended_at = ? where id = ?",
                f.state(),
                Rows.orNull(isOpen(f.state()) ? f.hostId() : null, Types.VARCHAR),
                Rows.orNull(f.fence(), Types.VARCHAR),
                Rows.orNull(f.ended(), Types.TIMESTAMP_WITH_TIMEZONE),
                f.id());
    }

    /** Changes one VM of a failover; false when the failover has no such VM. */
    boolean updateFailoverVm(Connection c, String failoverId, FailoverVm vm) throws SQLException {
        return Rows.update(
                        c,
                        "update failover_vm set state = ?, host_id = ?, message = ?, task_id = ?, running_at = ?"
                                + " where failover_id = ? and vm_id = ?",
                        vm.state(),
                        Rows.orNull(vm.hostId(), Types.VARCHAR),
                        Rows.orNull(vm.message(), Types.VARCHAR),
                        Rows.orNull(vm.taskId(), Types.VARCHAR),
                        Rows.orNull(vm.running(), Types.TIMESTAMP_WITH_TIMEZONE),
                        failoverId,
                        vm.vmId())
                > 0;
    }

    Optional<FailoverVm> failoverVm(Connection c, String failoverId, String vmId) throws SQLException {
        return Rows.one(
                c,
                "select " + FAILOVER_VM_COLUMNS + " from failover_vm where failover_id = ? and vm_id = ? for update",
                HaDao::failoverVmRow,
                failoverId,
                vmId);
    }

    List<Map.Entry<String, String>> staleDefinitions(Connection c, String hostId) throws SQLException {
        return Rows.list(
                c,
                "select v.failover_id, v.vm_id from failover_vm v join failover f on f.id = v.failover_id"
                        + " where f.host_id = ? and v.state = 'RUNNING' and v.stale_removed = false"
                        + " order by f.started_at, f.id, v.seq",
                rs -> Map.entry(rs.getString(1), rs.getString(2)),
                hostId);
    }

    /** False when the failover has no such VM. */
    boolean staleRemoved(Connection c, String failoverId, String vmId) throws SQLException {
        return Rows.update(
                        c,
                        "update failover_vm set stale_removed = true where failover_id = ? and vm_id = ?",
                        failoverId,
                        vmId)
                > 0;
    }

    static boolean isOpen(FailoverState state) {
        return state == FailoverState.FENCING || state == FailoverState.RESTARTING || state == FailoverState.INCOMPLETE;
    }

    // ---- rows

    private static VmHa vmRow(ResultSet rs) throws SQLException {
        return new VmHa(
                rs.getString("vm_id"),
                rs.getBoolean("enabled"),
                HaPriority.valueOf(rs.getString("priority")),
                List.of());
    }

    private static ClusterHa clusterRow(ResultSet rs) throws SQLException {
        return new ClusterHa(
                rs.getString("cluster_id"),
                rs.getBoolean("enabled"),
                Admission.valueOf(rs.getString("admission")),
                rs.getInt("host_failures"),
                rs.getInt("cpu_percent"),
                rs.getInt("memory_percent"),
                List.of(),
                rs.getString("lease_directory"));
    }

    private static Failover failoverRow(ResultSet rs) throws SQLException {
        return new Failover(
                rs.getString("id"),
                rs.getString("host_id"),
                rs.getString("cluster_id"),
                FailoverState.valueOf(rs.getString("state")),
                rs.getString("fence"),
                rs.getString("reason"),
                Rows.instant(rs, "detected_at"),
                Rows.instant(rs, "started_at"),
                Rows.instant(rs, "ended_at"),
                List.of());
    }

    private static FailoverVm failoverVmRow(ResultSet rs) throws SQLException {
        return new FailoverVm(
                rs.getString("vm_id"),
                rs.getString("name"),
                HaPriority.valueOf(rs.getString("priority")),
                rs.getString("state"),
                rs.getString("host_id"),
                rs.getString("message"),
                rs.getString("task_id"),
                Rows.instant(rs, "running_at"));
    }

    /**
     * The settings with their after-lists, read in one query that selects the same VMs ({@code filter} joins and
     * filters {@code vm_ha_after a}) rather than one per VM or per chunk of ids: the HA monitor reads every enabled VM.
     */
    private static List<VmHa> withAfter(Connection c, List<VmHa> rows, String filter, Object... params)
            throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, List<String>> after = new HashMap<>();
        for (String[] pair : Rows.list(
                c,
                "select a.vm_id, a.after_vm_id from vm_ha_after a " + filter + " order by a.vm_id, a.seq",
                rs -> new String[] {rs.getString(1), rs.getString(2)},
                params)) {
            after.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        return rows.stream()
                .map(r -> new VmHa(r.vmId(), r.enabled(), r.priority(), after.getOrDefault(r.vmId(), List.of())))
                .toList();
    }

    private static List<ClusterHa> withFailoverHosts(Connection c, List<ClusterHa> rows) throws SQLException {
        Map<String, List<String>> hosts = children(
                c,
                "select cluster_id, host_id from cluster_ha_failover_host where cluster_id in (%s)"
                        + " order by cluster_id, seq",
                rows.stream().map(ClusterHa::clusterId).toList());
        return rows.stream()
                .map(r -> new ClusterHa(
                        r.clusterId(),
                        r.enabled(),
                        r.admission(),
                        r.hostFailures(),
                        r.cpuPercent(),
                        r.memoryPercent(),
                        hosts.getOrDefault(r.clusterId(), List.of()),
                        r.leaseDirectory()))
                .toList();
    }

    private static List<Failover> withVms(Connection c, List<Failover> rows) throws SQLException {
        Map<String, List<FailoverVm>> vms = new HashMap<>();
        for (List<String> chunk : Rows.chunks(rows.stream().map(Failover::id).toList())) {
            for (Object[] row : Rows.list(
                    c,
                    "select " + FAILOVER_VM_COLUMNS + " from failover_vm where failover_id in ("
                            + Rows.marks(chunk.size()) + ") order by failover_id, seq",
                    rs -> new Object[] {rs.getString("failover_id"), failoverVmRow(rs)},
                    chunk.toArray())) {
                vms.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((FailoverVm) row[1]);
            }
        }
        return rows.stream()
                .map(f -> new Failover(
                        f.id(),
                        f.hostId(),
                        f.clusterId(),
                        f.state(),
                        f.fence(),
                        f.reason(),
                        f.detected(),
                        f.started(),
                        f.ended(),
                        vms.getOrDefault(f.id(), List.of())))
                .toList();
    }

    /** Child ids by parent id, in the order the query gives; {@code sql} has one %s for the IN list. */
    private static Map<String, List<String>> children(Connection c, String sql, Collection<String> parents)
            throws SQLException {
        Map<String, List<String>> children = new HashMap<>();
        for (List<String> chunk : Rows.chunks(parents)) {
            for (String[] pair : Rows.list(
                    c,
                    String.format(sql, Rows.marks(chunk.size())),
                    rs -> new String[] {rs.getString(1), rs.getString(2)},
                    chunk.toArray())) {
                children.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
            }
        }
        return children;
    }
}
