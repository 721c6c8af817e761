package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strata.repository.VolumeStore;

/**
 * The volumes storage hosts reported, over JDBC. A row is replaced by delete and insert in one transaction: the
 * portable upsert (H2's MERGE and PostgreSQL's ON CONFLICT differ).
 */
final class JdbcVolumeStore implements VolumeStore {

    private final Transactions tx;

    JdbcVolumeStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void recordPool(String hostId, String pool, List<SeenVolume> volumes) {
        tx.inTransaction("recording the volumes of pool " + pool, c -> {
            Rows.update(c, "delete from volume where host_id = ? and pool = ?", hostId, pool);
            for (SeenVolume v : volumes) {
                if (!hostId.equals(v.hostId()) || !pool.equals(v.pool())) {
                    throw new IllegalArgumentException("volume " + v + " is not of pool " + pool + " of " + hostId);
                }
                insert(c, v);
            }
            return null;
        });
    }

    @Override
    public void recordVolume(SeenVolume volume) {
        tx.inTransaction("recording volume " + volume.pool() + "/" + volume.name(), c -> {
            delete(c, volume.hostId(), volume.pool(), volume.name());
            insert(c, volume);
            return null;
        });
    }

    @Override
    public void forgetVolume(String hostId, String pool, String name) {
        tx.inTransaction("forgetting volume " + pool + "/" + name, c -> {
            delete(c, hostId, pool, name);
            return null;
        });
    }

    @Override
    public Map<String, Long> capacities(Collection<String> paths) {
        if (paths.isEmpty()) {
            return Map.of();
        }
        return tx.inTransaction("reading volume capacities", c -> {
            Map<String, Long> capacities = new HashMap<>();
            for (List<String> chunk : Rows.chunks(paths)) {
                for (Object[] row : Rows.list(
                        c,
                        "select path, max(capacity_bytes) as capacity from volume where path in ("
                                + Rows.marks(chunk.size()) + ") group by path",
                        rs -> new Object[] {rs.getString("path"), rs.getLong("capacity")},
                        chunk.toArray())) {
                    capacities.put((String) row[0], (Long) row[1]);
                }
            }
            return capacities;
        });
    }

    @Override
    public List<SeenVolume> volumesAt(Collection<String> paths) {
        if (paths.isEmpty()) {
            return List.of();
        }
        return tx.inTransaction("finding volumes by path", c -> {
            List<SeenVolume> found = new ArrayList<>();
            for (List<String> chunk : Rows.chunks(paths)) {
                found.addAll(Rows.list(
                        c,
                        "select host_id, pool, name, path, capacity_bytes from volume where path in ("
                                + Rows.marks(chunk.size()) + ") order by host_id, pool, name",
                        rs -> new SeenVolume(
                                rs.getString("host_id"),
                                rs.getString("pool"),
                                rs.getString("name"),
                                rs.getString("path"),
                                rs.getLong("capacity_bytes")),
                        chunk.toArray()));
            }
            return found;
        });
    }

    private static void delete(Connection c, String hostId, String pool, String name) throws SQLException {
        Rows.update(c, "delete from volume where host_id = ? and pool = ? and name = ?", hostId, pool, name);
    }

    private static void insert(Connection c, SeenVolume v) throws SQLException {
        Rows.update(
                c,
                "insert into volume (host_id, pool, name, path, capacity_bytes, seen_at) values (?, ?, ?, ?, ?, ?)",
                v.hostId(),
                v.pool(),
                v.name(),
                v.path(),
                v.capacityBytes(),
                Rows.now());
    }
}
