package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmOrigin;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;

/** SQL for the vm table. The spec is kept as JSON; CPUs and memory of the API record come from it. */
final class VmDao {

    private static final String COLUMNS =
            "id, host_id, hypervisor_id, name, spec_json, state, managed, state_changed_at, created_at, pool_id,"
                    + " template, origin_id, origin_linked, origin_snapshot";
    private static final String ORDER = "name, id";

    private final JsonSnapshots json;

    VmDao(JsonSnapshots json) {
        this.json = json;
    }

    Optional<VirtualMachine> find(Connection c, String id) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from vm where id = ?", this::map, id);
    }

    /** With a row lock, so that concurrent writers of one VM take turns. */
    Optional<VirtualMachine> lock(Connection c, String id) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from vm where id = ? for update", this::map, id);
    }

    /** The state alone, its row locked: a state change neither parses nor rewrites the spec. */
    Optional<VmState> lockState(Connection c, String id) throws SQLException {
        return Rows.one(c, "select state from vm where id = ? for update", rs -> VmState.valueOf(rs.getString(1)), id);
    }

    void updateState(Connection c, String id, VmState state, Instant at) throws SQLException {
        Rows.update(c, "update vm set state = ?, state_changed_at = ? where id = ?", state, at, id);
    }

    Optional<VirtualMachine> findByHypervisorId(Connection c, String hostId, String hypervisorId) throws SQLException {
        return Rows.one(
                c,
                "select " + COLUMNS + " from vm where host_id = ? and hypervisor_id = ?",
                this::map,
                hostId,
                hypervisorId);
    }

    Page<VirtualMachine> page(Connection c, String hostId, PageRequest page) throws SQLException {
        return hostId == null
                ? Rows.page(c, COLUMNS, "vm", null, ORDER, page, this::map)
                : Rows.page(c, COLUMNS, "vm", "host_id = ?", ORDER, page, this::map, hostId);
    }

    Page<VirtualMachine> pageInPools(Connection c, Set<String> poolIds, PageRequest page) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(poolIds.size(), "?"));
        return Rows.page(c, COLUMNS, "vm", "pool_id in (" + marks + ")", ORDER, page, this::map, poolIds.toArray());
    }

    List<VirtualMachine> ofHost(Connection c, String hostId) throws SQLException {
        return Rows.list(c, "select " + COLUMNS + " from vm where host_id = ? order by " + ORDER, this::map, hostId);
    }

    List<VirtualMachine> ofCluster(Connection c, String clusterId) throws SQLException {
        // A join, not "host_id in (select ...)": H2 runs such a subquery for every VM row (30 s at 20,000 VMs).
        String columns = "vm." + COLUMNS.replace(", ", ", vm.");
        return Rows.list(
                c,
                "select " + columns + " from cluster_host ch join vm on vm.host_id = ch.host_id"
                        + " where ch.cluster_id = ? order by vm.name, vm.id",
                this::map,
                clusterId);
    }

    List<VirtualMachine> ofHosts(Connection c, List<String> hostIds) throws SQLException {
        if (hostIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(hostIds.size(), "?"));
        return Rows.list(
                c,
                "select " + COLUMNS + " from vm where host_id in (" + marks + ") order by " + ORDER,
                this::map,
                hostIds.toArray());
    }

    Map<String, String> idsByHypervisorId(Connection c, String hostId) throws SQLException {
        Map<String, String> ids = new HashMap<>();
        for (String[] row : Rows.list(
                c,
                "select hypervisor_id, id from vm where host_id = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)},
                hostId)) {
            ids.put(row[0], row[1]);
        }
        return ids;
    }

    List<VirtualMachine> ofPool(Connection c, String poolId) throws SQLException {
        return Rows.list(c, "select " + COLUMNS + " from vm where pool_id = ? order by " + ORDER, this::map, poolId);
    }

    long countInPool(Connection c, String poolId) throws SQLException {
        return Rows.count(c, "select count(*) from vm where pool_id = ?", poolId);
    }

    List<String> ids(Connection c) throws SQLException {
        return Rows.list(c, "select id from vm", rs -> rs.getString(1));
    }

    long countNamed(Connection c, String hostId, String name) throws SQLException {
        return Rows.count(c, "select count(*) from vm where host_id = ? and name = ?", hostId, name);
    }

    long countManaged(Connection c, String hostId) throws SQLException {
        return Rows.count(c, "select count(*) from vm where host_id = ? and managed = ?", hostId, true);
    }

    void insert(Connection c, VirtualMachine vm) throws SQLException {
        Rows.update(
                c,
                "insert into vm (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                vm.id(),
                vm.hostId(),
                vm.hypervisorId(),
                vm.name(),
                json.toJson(vm.spec()),
                vm.state(),
                vm.managed(),
                vm.stateChanged(),
                vm.created(),
                vm.poolId(),
                vm.template(),
                vm.origin() == null ? null : vm.origin().sourceId(),
                vm.origin() != null && vm.origin().linked(),
                vm.origin() == null ? null : vm.origin().snapshot());
    }

    void update(Connection c, VirtualMachine vm) throws SQLException {
        Rows.update(
                c,
                "update vm set host_id = ?, hypervisor_id = ?, name = ?, spec_json = ?, state = ?,"
                        + " managed = ?, state_changed_at = ?, pool_id = ?, template = ? where id = ?",
                vm.hostId(),
                vm.hypervisorId(),
                vm.name(),
                json.toJson(vm.spec()),
                vm.state(),
                vm.managed(),
                vm.stateChanged(),
                vm.poolId(),
                vm.template(),
                vm.id());
    }

    /** The VMs whose disks read from this one's, by name. */
    List<VirtualMachine> linkedClonesOf(Connection c, String sourceId) throws SQLException {
        return Rows.list(
                c,
                "select " + COLUMNS + " from vm where origin_id = ? and origin_linked = ? order by " + ORDER,
                this::map,
                sourceId,
                true);
    }

    void delete(Connection c, String id) throws SQLException {
        Rows.update(c, "delete from vm where id = ?", id);
    }

    private VirtualMachine map(ResultSet rs) throws SQLException {
        VmSpec spec = json.fromJson(rs.getString("spec_json"), VmSpec.class);
        return vm(
                rs.getString("id"),
                rs.getString("host_id"),
                rs.getString("hypervisor_id"),
                rs.getString("name"),
                spec,
                VmState.valueOf(rs.getString("state")),
                rs.getBoolean("managed"),
                Rows.instant(rs, "state_changed_at"),
                Rows.instant(rs, "created_at"),
                rs.getString("pool_id"),
                rs.getBoolean("template"),
                rs.getString("origin_id") == null
                        ? null
                        : new VmOrigin(
                                rs.getString("origin_id"),
                                rs.getBoolean("origin_linked"),
                                rs.getString("origin_snapshot")));
    }

    static VirtualMachine vm(
            String id,
            String hostId,
            String hypervisorId,
            String name,
            VmSpec spec,
            VmState state,
            boolean managed,
            Instant stateChanged,
            Instant created,
            String poolId) {
        return vm(id, hostId, hypervisorId, name, spec, state, managed, stateChanged, created, poolId, false, null);
    }

    /** A VM with its lineage: whether it is a template and what it was cloned from. */
    static VirtualMachine vm(
            String id,
            String hostId,
            String hypervisorId,
            String name,
            VmSpec spec,
            VmState state,
            boolean managed,
            Instant stateChanged,
            Instant created,
            String poolId,
            boolean template,
            VmOrigin origin) {
        return new VirtualMachine(
                id,
                hostId,
                name,
                state,
                spec.cpus(),
                spec.memoryMb(),
                hypervisorId,
                spec,
                managed,
                stateChanged,
                created,
                poolId,
                template,
                origin);
    }
}
