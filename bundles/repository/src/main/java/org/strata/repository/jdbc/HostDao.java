package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.inventory.HostKind;
import org.strata.repository.StoredHost;

/** SQL for the host table. Only this class and the repository's password methods touch password_enc. */
final class HostDao {

    private static final String COLUMNS = "id, name, datacenter_id, pool_id, driver_id, address, username,"
            + " password_enc is not null as has_password, created_at, bmc_host_id, kind";

    Optional<StoredHost> find(Connection c, String id) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from host where id = ?", HostDao::map, id);
    }

    Page<StoredHost> page(Connection c, String datacenterId, PageRequest page) throws SQLException {
        return datacenterId == null
                ? Rows.page(c, COLUMNS, "host", null, "name, id", page, HostDao::map)
                : Rows.page(c, COLUMNS, "host", "datacenter_id = ?", "name, id", page, HostDao::map, datacenterId);
    }

    List<StoredHost> ofDriver(Connection c, String driverId) throws SQLException {
        return Rows.list(
                c, "select " + COLUMNS + " from host where driver_id = ? order by name, id", HostDao::map, driverId);
    }

    /** The encrypted password; empty when the host has none (or does not exist). */
    Optional<String> encryptedPassword(Connection c, String id) throws SQLException {
        return Rows.one(c, "select password_enc from host where id = ?", rs -> rs.getString(1), id);
    }

    void insert(Connection c, StoredHost host, String encryptedPassword) throws SQLException {
        Rows.update(
                c,
                "insert into host (id, name, datacenter_id, pool_id, driver_id, address, username,"
                        + " password_enc, created_at, bmc_host_id, kind) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                host.id(),
                host.name(),
                host.datacenterId(),
                host.poolId(),
                host.driverId(),
                host.address(),
                host.username(),
                encryptedPassword,
                host.created(),
                host.bmcHostId(),
                kindName(host.kind()));
    }

    /** Changes everything but the password. */
    void update(Connection c, StoredHost host) throws SQLException {
        Rows.update(
                c,
                "update host set name = ?, datacenter_id = ?, pool_id = ?, driver_id = ?, address = ?,"
                        + " username = ?, bmc_host_id = ?, kind = ? where id = ?",
                host.name(),
                host.datacenterId(),
                host.poolId(),
                host.driverId(),
                host.address(),
                host.username(),
                host.bmcHostId(),
                kindName(host.kind()),
                host.id());
    }

    /** @param encryptedPassword null to clear it */
    void updatePassword(Connection c, String id, String encryptedPassword) throws SQLException {
        Rows.update(c, "update host set password_enc = ? where id = ?", encryptedPassword, id);
    }

    void delete(Connection c, String id) throws SQLException {
        Rows.update(c, "delete from host where id = ?", id);
    }

    private static StoredHost map(ResultSet rs) throws SQLException {
        return new StoredHost(
                rs.getString("id"),
                rs.getString("name"),
                rs.getString("datacenter_id"),
                rs.getString("pool_id"),
                rs.getString("driver_id"),
                rs.getString("address"),
                rs.getString("username"),
                rs.getBoolean("has_password"),
                Rows.instant(rs, "created_at"),
                rs.getString("bmc_host_id"),
                kind(rs.getString("kind")));
    }

    /**
     * Records the kind of every host of a driver whose kind is not known yet (hosts recorded before kinds were
     * stored); hosts with a kind keep theirs.
     *
     * @return how many hosts now have one
     */
    int fillKind(Connection c, String driverId, HostKind kind) throws SQLException {
        return Rows.update(c, "update host set kind = ? where driver_id = ? and kind is null", kind.name(), driverId);
    }

    private static String kindName(HostKind kind) {
        return kind == null ? null : kind.name();
    }

    /** A name this version does not know (written by a newer one) reads as unknown rather than failing the read. */
    private static HostKind kind(String name) {
        if (name == null) {
            return null;
        }
        try {
            return HostKind.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Names of the hosts that name this one as their BMC, ordered by name. */
    List<String> namesUsingAsBmc(Connection c, String id) throws SQLException {
        return Rows.list(c, "select name from host where bmc_host_id = ? order by name, id", rs -> rs.getString(1), id);
    }

    /** @return whether the host exists */
    boolean updateInfo(Connection c, String id, String infoJson) throws SQLException {
        return Rows.update(c, "update host set info_json = ? where id = ?", infoJson, id) > 0;
    }

    /** Host id and info JSON of those of {@code ids} that have a report. */
    List<Map.Entry<String, String>> infos(Connection c, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
        return Rows.list(
                c,
                "select id, info_json from host where info_json is not null and id in (" + marks + ")",
                rs -> Map.entry(rs.getString(1), rs.getString(2)),
                ids.toArray());
    }

    Optional<String> info(Connection c, String id) throws SQLException {
        return Rows.one(c, "select info_json from host where id = ?", rs -> rs.getString(1), id);
    }
}
