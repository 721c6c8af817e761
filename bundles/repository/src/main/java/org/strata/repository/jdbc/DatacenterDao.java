package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.inventory.Datacenter;

/** SQL for the datacenter table. */
final class DatacenterDao {

    private static final String COLUMNS = "id, name, description, created_at";

    Optional<Datacenter> find(Connection c, String id) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from datacenter where id = ?", DatacenterDao::map, id);
    }

    /**
     * Reads and row-locks a datacenter. Every change to what a datacenter holds takes this lock first, which
     * serializes the checks (emptiness, pool tree shape) against concurrent changes in the same datacenter.
     */
    Optional<Datacenter> lock(Connection c, String id) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from datacenter where id = ? for update", DatacenterDao::map, id);
    }

    Page<Datacenter> page(Connection c, PageRequest page) throws SQLException {
        return Rows.page(c, COLUMNS, "datacenter", null, "name, id", page, DatacenterDao::map);
    }

    void insert(Connection c, Datacenter dc) throws SQLException {
        Rows.update(
                c,
                "insert into datacenter (" + COLUMNS + ") values (?, ?, ?, ?)",
                dc.id(),
                dc.name(),
                dc.description(),
                dc.created());
    }

    void update(Connection c, Datacenter dc) throws SQLException {
        Rows.update(
                c,
                "update datacenter set name = ?, description = ? where id = ?",
                dc.name(),
                dc.description(),
                dc.id());
    }

    void delete(Connection c, String id) throws SQLException {
        Rows.update(c, "delete from datacenter where id = ?", id);
    }

    boolean holdsAnything(Connection c, String id) throws SQLException {
        return Rows.count(c, "select count(*) from resource_pool where datacenter_id = ?", id) > 0
                || Rows.count(c, "select count(*) from host where datacenter_id = ?", id) > 0
                || Rows.count(c, "select count(*) from cluster where datacenter_id = ?", id) > 0;
    }

    private static Datacenter map(ResultSet rs) throws SQLException {
        return new Datacenter(
                rs.getString("id"), rs.getString("name"), rs.getString("description"), Rows.instant(rs, "created_at"));
    }
}
