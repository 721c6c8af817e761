package org.strata.repository.jdbc;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterHost;

/** SQL for the cluster and cluster_host tables. */
final class ClusterDao {

    private static final String COLUMNS = "id, datacenter_id, name, description, policy, automation, balancing_level,"
            + " max_migrations, min_powered_on_hosts, cpu_overcommit, memory_overcommit, created_at";
    private static final String MEMBER_COLUMNS =
            "m.host_id, h.name as host_name, m.cluster_id, m.maintenance, m.labels_json";
    private static final String MEMBERS = "cluster_host m join host h on h.id = m.host_id";
    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    private final JsonSnapshots json;

    ClusterDao(JsonSnapshots json) {
        this.json = json;
    }

    Optional<Cluster> find(Connection c, String id) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from cluster where id = ?", ClusterDao::map, id);
    }

    Page<Cluster> page(Connection c, String datacenterId, PageRequest page) throws SQLException {
        return datacenterId == null
                ? Rows.page(c, COLUMNS, "cluster", null, "name, id", page, ClusterDao::map)
                : Rows.page(
                        c, COLUMNS, "cluster", "datacenter_id = ?", "name, id", page, ClusterDao::map, datacenterId);
    }

    void insert(Connection c, Cluster cluster) throws SQLException {
        Rows.update(
                c,
                "insert into cluster (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                cluster.id(),
                cluster.datacenterId(),
                cluster.name(),
                cluster.description(),
                cluster.policy(),
                cluster.automation(),
                cluster.balancingLevel(),
                cluster.maxMigrations(),
                cluster.minPoweredOnHosts(),
                cluster.cpuOvercommit(),
                cluster.memoryOvercommit(),
                cluster.created());
    }

    void update(Connection c, Cluster cluster) throws SQLException {
        Rows.update(
                c,
                "update cluster set name = ?, description = ?, policy = ?, automation = ?, balancing_level = ?,"
                        + " max_migrations = ?, min_powered_on_hosts = ?, cpu_overcommit = ?, memory_overcommit = ?"
                        + " where id = ?",
                cluster.name(),
                cluster.description(),
                cluster.policy(),
                cluster.automation(),
                cluster.balancingLevel(),
                cluster.maxMigrations(),
                cluster.minPoweredOnHosts(),
                cluster.cpuOvercommit(),
                cluster.memoryOvercommit(),
                cluster.id());
    }

    void delete(Connection c, String id) throws SQLException {
        Rows.update(c, "delete from cluster where id = ?", id);
    }

    boolean holdsAnything(Connection c, String id) throws SQLException {
        return Rows.count(c, "select count(*) from cluster_host where cluster_id = ?", id) > 0
                || Rows.count(c, "select count(*) from resource_pool where cluster_id = ?", id) > 0;
    }

    Optional<String> schedule(Connection c, String id) throws SQLException {
        return Rows.one(c, "select schedule_json from cluster where id = ?", rs -> rs.getString(1), id);
    }

    void setSchedule(Connection c, String id, String scheduleJson) throws SQLException {
        Rows.update(c, "update cluster set schedule_json = ? where id = ?", scheduleJson, id);
    }

    List<ClusterHost> members(Connection c, String clusterId) throws SQLException {
        return Rows.list(
                c,
                "select " + MEMBER_COLUMNS + " from " + MEMBERS + " where m.cluster_id = ? order by h.name, h.id",
                this::member,
                clusterId);
    }

    List<ClusterHost> allMembers(Connection c) throws SQLException {
        return Rows.list(c, "select " + MEMBER_COLUMNS + " from " + MEMBERS + " order by h.name, h.id", this::member);
    }

    Optional<ClusterHost> membership(Connection c, String hostId) throws SQLException {
        return Rows.one(
                c, "select " + MEMBER_COLUMNS + " from " + MEMBERS + " where m.host_id = ?", this::member, hostId);
    }

    void insertMember(Connection c, String hostId, String clusterId, String maintenance, Map<String, String> labels)
            throws SQLException {
        Rows.update(
                c,
                "insert into cluster_host (host_id, cluster_id, maintenance, labels_json) values (?, ?, ?, ?)",
                hostId,
                clusterId,
                maintenance,
                json.toJson(labels));
    }

    void updateMember(Connection c, String hostId, String maintenance, Map<String, String> labels) throws SQLException {
        Rows.update(
                c,
                "update cluster_host set maintenance = ?, labels_json = ? where host_id = ?",
                maintenance,
                json.toJson(labels),
                hostId);
    }

    void deleteMember(Connection c, String hostId) throws SQLException {
        Rows.update(c, "delete from cluster_host where host_id = ?", hostId);
    }

    private ClusterHost member(ResultSet rs) throws SQLException {
        return new ClusterHost(
                rs.getString("host_id"),
                rs.getString("host_name"),
                rs.getString("cluster_id"),
                rs.getString("maintenance").toLowerCase(java.util.Locale.ROOT),
                json.fromJson(rs.getString("labels_json"), LABELS));
    }

    private static Cluster map(ResultSet rs) throws SQLException {
        return new Cluster(
                rs.getString("id"),
                rs.getString("datacenter_id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("policy"),
                rs.getString("automation"),
                rs.getInt("balancing_level"),
                rs.getInt("max_migrations"),
                rs.getInt("min_powered_on_hosts"),
                rs.getDouble("cpu_overcommit"),
                rs.getDouble("memory_overcommit"),
                Rows.instant(rs, "created_at"));
    }

    Map<String, Instant> standby(Connection c, String clusterId) throws SQLException {
        Map<String, Instant> standby = new LinkedHashMap<>();
        for (Object[] row : Rows.list(
                c,
                "select host_id, standby_since from cluster_host where cluster_id = ? and standby order by host_id",
                rs -> new Object[] {rs.getString("host_id"), Rows.instant(rs, "standby_since")},
                clusterId)) {
            standby.put((String) row[0], (Instant) row[1]);
        }
        return standby;
    }

    /** Whether the host's standby state changed. */
    boolean setStandby(Connection c, String hostId, boolean standby, Instant since) throws SQLException {
        return Rows.update(
                        c,
                        "update cluster_host set standby = ?, standby_since = ? where host_id = ? and standby <> ?",
                        standby,
                        Rows.orNull(standby ? since : null, java.sql.Types.TIMESTAMP_WITH_TIMEZONE),
                        hostId,
                        standby)
                > 0;
    }
}
