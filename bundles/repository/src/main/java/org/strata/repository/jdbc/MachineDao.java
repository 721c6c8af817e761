package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.strata.repository.MachineIdentity;
import org.strata.repository.StoredMachine;

/** SQL for the machine table. */
final class MachineDao {

    private static final String COLUMNS = "host_id, guid, manufacturer, product, firmware_revision, last_seen_at";

    Optional<StoredMachine> byHost(Connection c, String hostId) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from machine where host_id = ?", MachineDao::map, hostId);
    }

    Optional<StoredMachine> byGuid(Connection c, String guid) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from machine where guid = ?", MachineDao::map, guid);
    }

    /** Locks the machine's row, so that two discoveries matching the same GUID change it one after the other. */
    Optional<StoredMachine> lockByGuid(Connection c, String guid) throws SQLException {
        return Rows.one(c, "select " + COLUMNS + " from machine where guid = ? for update", MachineDao::map, guid);
    }

    List<StoredMachine> all(Connection c) throws SQLException {
        return Rows.list(c, "select " + COLUMNS + " from machine order by guid", MachineDao::map);
    }

    void insert(Connection c, String hostId, MachineIdentity identity, Instant seen) throws SQLException {
        Rows.update(
                c,
                "insert into machine (host_id, guid, manufacturer, product, firmware_revision, last_seen_at)"
                        + " values (?, ?, ?, ?, ?, ?)",
                hostId,
                identity.guid(),
                identity.manufacturer(),
                identity.product(),
                identity.firmwareRevision(),
                seen);
    }

    /** @return whether the row exists */
    boolean update(Connection c, String hostId, MachineIdentity identity, Instant seen) throws SQLException {
        return Rows.update(
                        c,
                        "update machine set guid = ?, manufacturer = ?, product = ?, firmware_revision = ?,"
                                + " last_seen_at = ? where host_id = ?",
                        identity.guid(),
                        identity.manufacturer(),
                        identity.product(),
                        identity.firmwareRevision(),
                        seen,
                        hostId)
                > 0;
    }

    void delete(Connection c, String hostId) throws SQLException {
        Rows.update(c, "delete from machine where host_id = ?", hostId);
    }

    private static StoredMachine map(ResultSet rs) throws SQLException {
        return new StoredMachine(
                rs.getString("host_id"),
                new MachineIdentity(
                        rs.getString("guid"),
                        rs.getString("manufacturer"),
                        rs.getString("product"),
                        rs.getString("firmware_revision")),
                Rows.instant(rs, "last_seen_at"));
    }
}
