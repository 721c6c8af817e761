package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strata.api.StrataException;
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

    @Override
    public List<Attachment> attachments(String storageHostId, String pool) {
        return tx.inTransaction(
                "listing storage attachments",
                c -> pool == null
                        ? Rows.list(
                                c,
                                "select storage_host_id, pool, cluster_id, host_id from storage_attachment"
                                        + " where storage_host_id = ? order by pool, cluster_id, host_id",
                                JdbcVolumeStore::attachment,
                                storageHostId)
                        : Rows.list(
                                c,
                                "select storage_host_id, pool, cluster_id, host_id from storage_attachment"
                                        + " where storage_host_id = ? and pool = ? order by cluster_id, host_id",
                                JdbcVolumeStore::attachment,
                                storageHostId,
                                pool));
    }

    @Override
    public void attach(Attachment a) {
        tx.inTransaction("attaching a storage pool", c -> {
            boolean there = Rows.count(
                            c,
                            "select count(*) from storage_attachment where storage_host_id = ? and pool = ?"
                                    + (a.clusterId() != null ? " and cluster_id = ?" : " and host_id = ?"),
                            a.storageHostId(),
                            a.pool(),
                            a.clusterId() != null ? a.clusterId() : a.hostId())
                    > 0;
            if (there) {
                throw StrataException.conflict("pool '" + a.pool() + "' is attached to "
                        + (a.clusterId() != null ? "cluster '" + a.clusterId() : "host '" + a.hostId()) + "' already");
            }
            try {
                Rows.update(
                        c,
                        "insert into storage_attachment (storage_host_id, pool, cluster_id, host_id, created_at)"
                                + " values (?, ?, ?, ?, ?)",
                        a.storageHostId(),
                        a.pool(),
                        a.clusterId(),
                        a.hostId(),
                        Rows.now());
            } catch (SQLException e) {
                throw StoreRules.invalidIfReferenceMissing(
                        e, "the storage host, cluster or host of the attachment does not exist");
            }
            return null;
        });
    }

    @Override
    public boolean detach(Attachment a) {
        return tx.inTransaction(
                "detaching a storage pool",
                c -> Rows.update(
                                c,
                                "delete from storage_attachment where storage_host_id = ? and pool = ?"
                                        + (a.clusterId() != null ? " and cluster_id = ?" : " and host_id = ?"),
                                a.storageHostId(),
                                a.pool(),
                                a.clusterId() != null ? a.clusterId() : a.hostId())
                        > 0);
    }

    @Override
    public Map<String, Seen> seenBy(Collection<String> paths) {
        if (paths.isEmpty()) {
            return Map.of();
        }
        return tx.inTransaction("reading which hosts see volumes", c -> {
            Map<String, Seen> seen = new HashMap<>();
            for (List<String> chunk : Rows.chunks(paths)) {
                // One row per path and host that sees it, through a cluster or directly.
                for (String[] row : Rows.list(
                        c,
                        "select v.path, v.host_id, v.pool, coalesce(ch.host_id, a.host_id) as seer"
                                + " from volume v join storage_attachment a"
                                + " on a.storage_host_id = v.host_id and a.pool = v.pool"
                                + " left join cluster_host ch on ch.cluster_id = a.cluster_id"
                                + " where v.path in (" + Rows.marks(chunk.size()) + ")",
                        rs -> new String[] {
                            rs.getString("path"), rs.getString("host_id"), rs.getString("pool"), rs.getString("seer")
                        },
                        chunk.toArray())) {
                    Seen before = seen.get(row[0]);
                    Set<String> hosts = before == null ? new HashSet<>() : new HashSet<>(before.hostIds());
                    if (row[3] != null) {
                        hosts.add(row[3]);
                    }
                    seen.put(row[0], new Seen(row[1], row[2], Set.copyOf(hosts)));
                }
            }
            return seen;
        });
    }

    private static Attachment attachment(java.sql.ResultSet rs) throws SQLException {
        return new Attachment(
                rs.getString("storage_host_id"),
                rs.getString("pool"),
                rs.getString("cluster_id"),
                rs.getString("host_id"));
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
