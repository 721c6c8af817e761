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
        return tx.inTransaction("reading which hosts see volumes", c -> seenBy(c, paths));
    }

    @Override
    public Map<String, Seen> unseenBy(Collection<String> paths, String hostId) {
        if (paths.isEmpty()) {
            return Map.of();
        }
        return tx.inTransaction("reading whether a host sees volumes", c -> {
            Map<String, Seen> seen = seenBy(c, paths);
            if (seen.isEmpty()) {
                return seen;
            }
            String cluster = Rows.one(
                            c, "select cluster_id from cluster_host where host_id = ?", rs -> rs.getString(1), hostId)
                    .orElse(null);
            Map<String, Seen> unseen = new HashMap<>(seen);
            unseen.values().removeIf(s -> s.sees(hostId, cluster));
            return unseen;
        });
    }

    /** One row per path and attachment: a few rows, whatever the size of the clusters attached. */
    private static Map<String, Seen> seenBy(Connection c, Collection<String> paths) throws SQLException {
        Map<String, Set<String>[]> attached = new HashMap<>();
        Map<String, String[]> pools = new HashMap<>();
        for (List<String> chunk : Rows.chunks(paths)) {
            for (String[] row : Rows.list(
                    c,
                    "select v.path, v.host_id, v.pool, a.cluster_id, a.host_id as seer"
                            + " from volume v join storage_attachment a"
                            + " on a.storage_host_id = v.host_id and a.pool = v.pool"
                            + " where v.path in (" + Rows.marks(chunk.size()) + ")",
                    rs -> new String[] {
                        rs.getString("path"),
                        rs.getString("host_id"),
                        rs.getString("pool"),
                        rs.getString("cluster_id"),
                        rs.getString("seer")
                    },
                    chunk.toArray())) {
                pools.putIfAbsent(row[0], new String[] {row[1], row[2]});
                @SuppressWarnings("unchecked")
                Set<String>[] sets =
                        attached.computeIfAbsent(row[0], k -> new Set[] {new HashSet<>(), new HashSet<>()});
                if (row[3] != null) {
                    sets[0].add(row[3]);
                }
                if (row[4] != null) {
                    sets[1].add(row[4]);
                }
            }
        }
        Map<String, Seen> seen = new HashMap<>();
        attached.forEach((path, sets) -> seen.put(
                path, new Seen(pools.get(path)[0], pools.get(path)[1], Set.copyOf(sets[0]), Set.copyOf(sets[1]))));
        return seen;
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
