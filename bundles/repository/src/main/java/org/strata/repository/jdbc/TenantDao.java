package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.datacenter.Quota;
import org.strata.api.datacenter.Tenant;

/** SQL for the tenant table. */
final class TenantDao {

    private static final String COLUMNS =
            "id, name, description, quota_vms, quota_cpus, quota_memory_mb, quota_storage_gb, created_at";

    Optional<Tenant> find(Connection c, String id) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from tenant where id = ?", TenantDao::map, id);
    }

    Optional<Tenant> findNamed(Connection c, String name) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from tenant where name = ?", TenantDao::map, name);
    }

    Page<Tenant> page(Connection c, PageRequest page) throws SQLException {
        return Rows.page(c, COLUMNS, "tenant", null, "name, id", page, TenantDao::map);
    }

    void insert(Connection c, Tenant t) throws SQLException {
        Quota q = t.quota();
        Rows.update(
                c,
                "insert into tenant (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)",
                t.id(),
                t.name(),
                t.description(),
                Rows.orNull(q.vms(), Types.INTEGER),
                Rows.orNull(q.cpus(), Types.INTEGER),
                Rows.orNull(q.memoryMb(), Types.BIGINT),
                Rows.orNull(q.storageGb(), Types.BIGINT),
                t.created());
    }

    void update(Connection c, Tenant t) throws SQLException {
        Quota q = t.quota();
        Rows.update(
                c,
                "update tenant set name = ?, description = ?, quota_vms = ?, quota_cpus = ?, quota_memory_mb = ?,"
                        + " quota_storage_gb = ? where id = ?",
                t.name(),
                t.description(),
                Rows.orNull(q.vms(), Types.INTEGER),
                Rows.orNull(q.cpus(), Types.INTEGER),
                Rows.orNull(q.memoryMb(), Types.BIGINT),
                Rows.orNull(q.storageGb(), Types.BIGINT),
                t.id());
    }

    void delete(Connection c, String id) throws SQLException {
        Rows.update(c, "delete from tenant where id = ?", id);
    }

    boolean ownsPools(Connection c, String id) throws SQLException {
        return Rows.count(c, "select count(*) from resource_pool where tenant_id = ?", id) > 0;
    }

    private static Tenant map(ResultSet rs) throws SQLException {
        return new Tenant(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("description"),
                new Quota(
                        Rows.integer(rs, "quota_vms"),
                        Rows.integer(rs, "quota_cpus"),
                        Rows.bigint(rs, "quota_memory_mb"),
                        Rows.bigint(rs, "quota_storage_gb")),
                Rows.instant(rs, "created_at"));
    }
}
