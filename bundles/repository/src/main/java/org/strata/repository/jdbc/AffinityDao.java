package org.strata.repository.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.datacenter.AffinityGroup;

/** SQL for the affinity_group and affinity_member tables. */
final class AffinityDao {

    private static final String COLUMNS =
            "id, cluster_id, name, description, kind, enforcement, host_labels_json, created_at";
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final JsonSnapshots json;

    AffinityDao(JsonSnapshots json) {
        this.json = json;
    }

    Optional<AffinityGroup> find(Connection c, String id) throws SQLException {
        Optional<Row> row = Rows.one(c, "select " + COLUMNS + " from affinity_group where id = ?", this::row, id);
        return row.isEmpty() ? Optional.empty() : Optional.of(withMembers(c, row.get()));
    }

    List<AffinityGroup> ofCluster(Connection c, String clusterId) throws SQLException {
        List<Row> rows = Rows.list(
                c,
                "select " + COLUMNS + " from affinity_group where cluster_id = ? order by name, id",
                this::row,
                clusterId);
        return withMembers(c, rows);
    }

    List<AffinityGroup> ofVm(Connection c, String vmId) throws SQLException {
        List<Row> rows = Rows.list(
                c,
                "select " + COLUMNS + " from affinity_group where id in"
                        + " (select group_id from affinity_member where vm_id = ?) order by name, id",
                this::row,
                vmId);
        return withMembers(c, rows);
    }

    void insert(Connection c, AffinityGroup g) throws SQLException {
        Rows.update(
                c,
                "insert into affinity_group (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)",
                g.id(),
                g.clusterId(),
                g.name(),
                g.description(),
                g.kind(),
                g.enforcement(),
                json.toJson(g.hostLabels()),
                g.created());
        setMembers(c, g.id(), g.vmIds());
    }

    void update(Connection c, AffinityGroup g) throws SQLException {
        Rows.update(
                c,
                "update affinity_group set name = ?, description = ?, kind = ?, enforcement = ?, host_labels_json = ?"
                        + " where id = ?",
                g.name(),
                g.description(),
                g.kind(),
                g.enforcement(),
                json.toJson(g.hostLabels()),
                g.id());
        setMembers(c, g.id(), g.vmIds());
    }

    void delete(Connection c, String id) throws SQLException {
        Rows.update(c, "delete from affinity_group where id = ?", id);
    }

    /** Whether the VM exists. */
    boolean vmExists(Connection c, String vmId) throws SQLException {
        return Rows.count(c, "select count(*) from vm where id = ?", vmId) > 0;
    }

    /** Whether the VM is the cluster's: its pool runs on the cluster, or its host is a member of it. */
    boolean vmInCluster(Connection c, String vmId, String clusterId) throws SQLException {
        return Rows.count(
                        c,
                        "select count(*) from vm v left join resource_pool p on p.id = v.pool_id"
                                + " left join cluster_host m on m.host_id = v.host_id"
                                + " where v.id = ? and (p.cluster_id = ? or m.cluster_id = ?)",
                        vmId,
                        clusterId,
                        clusterId)
                > 0;
    }

    /** The VM's name, for messages; its id when it has none. */
    String vmName(Connection c, String vmId) throws SQLException {
        return Rows.one(c, "select name from vm where id = ?", rs -> rs.getString(1), vmId)
                .orElse(vmId);
    }

    private void setMembers(Connection c, String groupId, List<String> vmIds) throws SQLException {
        Rows.update(c, "delete from affinity_member where group_id = ?", groupId);
        for (String vmId : vmIds) {
            Rows.update(c, "insert into affinity_member (group_id, vm_id) values (?, ?)", groupId, vmId);
        }
    }

    private record Row(
            String id,
            String clusterId,
            String name,
            String description,
            String kind,
            String enforcement,
            Map<String, String> labels,
            java.time.Instant created) {}

    private Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getString("id"),
                rs.getString("cluster_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("kind"),
                rs.getString("enforcement"),
                json.fromJson(rs.getString("host_labels_json"), LABELS),
                Rows.instant(rs, "created_at"));
    }

    private List<AffinityGroup> withMembers(Connection c, List<Row> rows) throws SQLException {
        List<AffinityGroup> groups = new ArrayList<>(rows.size());
        for (Row r : rows) {
            groups.add(withMembers(c, r));
        }
        return groups;
    }

    private AffinityGroup withMembers(Connection c, Row r) throws SQLException {
        List<String> members = Rows.list(
                c,
                "select vm_id from affinity_member where group_id = ? order by vm_id",
                rs -> rs.getString(1),
                r.id());
        return new AffinityGroup(
                r.id(),
                r.clusterId(),
                r.name(),
                r.description(),
                r.kind(),
                r.enforcement(),
                members,
                r.labels(),
                r.created());
    }
}
