package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.inventory.ResourcePool;

/** SQL for the resource_pool table. */
final class PoolDao {

    private static final String COLUMNS =
            "id, datacenter_id, parent_id, name, description, cpu_limit, memory_limit_mb, created_at, cluster_id,"
                    + " tenant_id, cpu_shares, memory_shares, cpu_reservation, memory_reservation_mb, expandable";

    Optional<ResourcePool> find(Connection c, String id) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from resource_pool where id = ?", PoolDao::map, id);
    }

    Page<ResourcePool> page(Connection c, String datacenterId, PageRequest page) throws SQLException {
        return datacenterId == null
                ? Rows.page(c, COLUMNS, "resource_pool", null, "name, id", page, PoolDao::map)
                : Rows.page(
                        c, COLUMNS, "resource_pool", "datacenter_id = ?", "name, id", page, PoolDao::map, datacenterId);
    }

    Optional<String> parentOf(Connection c, String id) throws SQLException {
        return Rows.one(c, "select parent_id from resource_pool where id = ?", rs -> rs.getString(1), id);
    }

    void insert(Connection c, ResourcePool pool) throws SQLException {
        Rows.update(
                c,
                "insert into resource_pool (" + COLUMNS + ", sibling_key)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                pool.id(),
                pool.datacenterId(),
                pool.parentId(),
                pool.name(),
                pool.description(),
                Rows.orNull(pool.cpuLimit(), Types.INTEGER),
                Rows.orNull(pool.memoryLimitMb(), Types.BIGINT),
                pool.created(),
                pool.clusterId(),
                pool.tenantId(),
                pool.cpuShares(),
                pool.memoryShares(),
                pool.cpuReservation(),
                pool.memoryReservationMb(),
                pool.expandable(),
                siblingKey(pool));
    }

    void update(Connection c, ResourcePool pool) throws SQLException {
        Rows.update(
                c,
                "update resource_pool set parent_id = ?, sibling_key = ?, name = ?, description = ?,"
                        + " cpu_limit = ?, memory_limit_mb = ?, cluster_id = ?, tenant_id = ?, cpu_shares = ?,"
                        + " memory_shares = ?, cpu_reservation = ?, memory_reservation_mb = ?, expandable = ?"
                        + " where id = ?",
                pool.parentId(),
                siblingKey(pool),
                pool.name(),
                pool.description(),
                Rows.orNull(pool.cpuLimit(), Types.INTEGER),
                Rows.orNull(pool.memoryLimitMb(), Types.BIGINT),
                pool.clusterId(),
                pool.tenantId(),
                pool.cpuShares(),
                pool.memoryShares(),
                pool.cpuReservation(),
                pool.memoryReservationMb(),
                pool.expandable(),
                pool.id());
    }

    /** The cluster's datacenter, if the cluster exists. */
    Optional<String> clusterDatacenter(Connection c, String clusterId) throws SQLException {
        return Rows.one(c, "select datacenter_id from cluster where id = ?", rs -> rs.getString(1), clusterId);
    }

    boolean tenantExists(Connection c, String tenantId) throws SQLException {
        return Rows.count(c, "select count(*) from tenant where id = ?", tenantId) > 0;
    }

    /** Every pool, for the datacenter layer's view of the pool trees. */
    java.util.List<ResourcePool> all(Connection c) throws SQLException {
        return Rows.list(c, "select " + COLUMNS + " from resource_pool order by name, id", PoolDao::map);
    }

    void delete(Connection c, String id) throws SQLException {
        Rows.update(c, "delete from resource_pool where id = ?", id);
    }

    boolean holdsAnything(Connection c, String id) throws SQLException {
        return Rows.count(c, "select count(*) from resource_pool where parent_id = ?", id) > 0
                || Rows.count(c, "select count(*) from host where pool_id = ?", id) > 0
                || Rows.count(c, "select count(*) from vm where pool_id = ?", id) > 0;
    }

    /** See the schema: the parent, or '' at the top, so that one unique constraint covers sibling names. */
    private static String siblingKey(ResourcePool pool) {
        return pool.parentId() == null ? "" : pool.parentId();
    }

    private static ResourcePool map(ResultSet rs) throws SQLException {
        return new ResourcePool(
                rs.getString("id"),
                rs.getString("datacenter_id"),
                rs.getString("parent_id"),
                rs.getString("name"),
                rs.getString("description"),
                Rows.integer(rs, "cpu_limit"),
                Rows.bigint(rs, "memory_limit_mb"),
                Rows.instant(rs, "created_at"),
                rs.getString("cluster_id"),
                rs.getString("tenant_id"),
                rs.getInt("cpu_shares"),
                rs.getInt("memory_shares"),
                rs.getInt("cpu_reservation"),
                rs.getLong("memory_reservation_mb"),
                rs.getBoolean("expandable"));
    }
}
