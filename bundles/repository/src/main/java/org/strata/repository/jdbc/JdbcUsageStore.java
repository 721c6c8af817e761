package org.strata.repository.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.strata.repository.ClusterUsageRow;
import org.strata.repository.PoolUsageRow;
import org.strata.repository.UsageStore;

/** Usage samples over JDBC. Samples are measurements, not configuration: no history entries. */
final class JdbcUsageStore implements UsageStore {

    private static final String POOL_COLUMNS = "pool_id, sampled_at, hourly, period_s, tenant_id, cluster_id,"
            + " cpu_reserved, cpu_allocated, cpu_used, memory_reserved_mb, memory_allocated_mb, memory_used_mb, vms,"
            + " running_vms";
    private static final String CLUSTER_COLUMNS =
            "cluster_id, sampled_at, hourly, period_s, policy, hosts, hosts_on, hosts_saved";
    private final Transactions tx;

    JdbcUsageStore(Transactions tx) {
        this.tx = tx;
    }

    @Override
    public void record(List<PoolUsageRow> pools, List<ClusterUsageRow> clusters) {
        tx.inTransaction("recording a usage sample", c -> {
            insertPools(c, pools);
            insertClusters(c, clusters);
            return null;
        });
    }

    @Override
    public List<PoolUsageRow> tenantRows(String tenantId, Instant from, Instant to) {
        return tx.inTransaction(
                "reading usage samples",
                c -> Rows.list(
                        c,
                        "select " + POOL_COLUMNS + " from usage_pool_sample where tenant_id = ? and sampled_at >= ?"
                                + " and sampled_at < ? order by sampled_at, pool_id",
                        JdbcUsageStore::pool,
                        tenantId,
                        from,
                        to));
    }

    @Override
    public List<PoolUsageRow> poolRows(Collection<String> poolIds, Instant from, Instant to) {
        return tx.inTransaction("reading usage samples", c -> {
            List<PoolUsageRow> rows = new ArrayList<>();
            for (List<String> chunk : Rows.chunks(poolIds)) {
                rows.addAll(Rows.list(
                        c,
                        "select " + POOL_COLUMNS + " from usage_pool_sample where pool_id in ("
                                + Rows.marks(chunk.size()) + ") and sampled_at >= ? and sampled_at < ?",
                        JdbcUsageStore::pool,
                        params(chunk, from, to)));
            }
            rows.sort((a, b) -> a.at().equals(b.at()) ? a.poolId().compareTo(b.poolId()) : a.at().compareTo(b.at()));
            return rows;
        });
    }

    @Override
    public List<ClusterUsageRow> clusterRows(Collection<String> clusterIds, Instant from, Instant to) {
        return tx.inTransaction("reading usage samples", c -> {
            List<ClusterUsageRow> rows = new ArrayList<>();
            for (List<String> chunk : Rows.chunks(clusterIds)) {
                rows.addAll(Rows.list(
                        c,
                        "select " + CLUSTER_COLUMNS + " from usage_cluster_sample where cluster_id in ("
                                + Rows.marks(chunk.size()) + ") and sampled_at >= ? and sampled_at < ?",
                        JdbcUsageStore::cluster,
                        params(chunk, from, to)));
            }
            rows.sort((a, b) ->
                    a.at().equals(b.at()) ? a.clusterId().compareTo(b.clusterId()) : a.at().compareTo(b.at()));
            return rows;
        });
    }

    /** Sums of figure x period per instant; divided back by the longest period so that the product is kept. */
    private static final String SUMS = "select sampled_at, max(period_s) as period_s, sum(cpu_reserved * period_s) as"
            + " cpu_reserved, sum(cpu_allocated * period_s) as cpu_allocated, sum(cpu_used * period_s) as cpu_used,"
            + " sum(memory_reserved_mb * period_s) as memory_reserved_mb, sum(memory_allocated_mb * period_s) as"
            + " memory_allocated_mb, sum(memory_used_mb * period_s) as memory_used_mb, sum(vms * period_s) as vms,"
            + " sum(running_vms * period_s) as running_vms from usage_pool_sample where ";

    @Override
    public List<PoolUsageRow> tenantSums(String tenantId, Instant from, Instant to) {
        return tx.inTransaction(
                "reading usage samples",
                c -> Rows.list(
                        c,
                        SUMS + "tenant_id = ? and sampled_at >= ? and sampled_at < ? group by sampled_at"
                                + " order by sampled_at",
                        JdbcUsageStore::sum,
                        tenantId,
                        from,
                        to));
    }

    @Override
    public List<PoolUsageRow> poolSums(Collection<String> poolIds, Instant from, Instant to) {
        return tx.inTransaction("reading usage samples", c -> {
            List<PoolUsageRow> rows = new ArrayList<>();
            for (List<String> chunk : Rows.chunks(poolIds)) {
                rows.addAll(Rows.list(
                        c,
                        SUMS + "pool_id in (" + Rows.marks(chunk.size()) + ") and sampled_at >= ? and sampled_at < ?"
                                + " group by sampled_at",
                        JdbcUsageStore::sum,
                        params(chunk, from, to)));
            }
            rows.sort((a, b) -> a.at().compareTo(b.at()));
            return rows;
        });
    }

    @Override
    public Map<String, Set<String>> tenantPools(String tenantId, Instant from, Instant to) {
        return tx.inTransaction("reading usage samples", c -> {
            Map<String, Set<String>> pools = new TreeMap<>();
            Rows.list(
                            c,
                            "select distinct pool_id, cluster_id from usage_pool_sample where tenant_id = ?"
                                    + " and sampled_at >= ? and sampled_at < ?",
                            rs -> new String[] {rs.getString("pool_id"), rs.getString("cluster_id")},
                            tenantId,
                            from,
                            to)
                    .forEach(r -> {
                        Set<String> clusters = pools.computeIfAbsent(r[0], k -> new TreeSet<>());
                        if (r[1] != null) {
                            clusters.add(r[1]);
                        }
                    });
            return pools;
        });
    }

    @Override
    public Set<String> clustersOf(Collection<String> poolIds, Instant from, Instant to) {
        return tx.inTransaction("reading usage samples", c -> {
            Set<String> clusters = new TreeSet<>();
            for (List<String> chunk : Rows.chunks(poolIds)) {
                clusters.addAll(Rows.list(
                        c,
                        "select distinct cluster_id from usage_pool_sample where pool_id in ("
                                + Rows.marks(chunk.size())
                                + ") and sampled_at >= ? and sampled_at < ? and cluster_id is not null",
                        rs -> rs.getString("cluster_id"),
                        params(chunk, from, to)));
            }
            return clusters;
        });
    }

    private static PoolUsageRow sum(ResultSet rs) throws SQLException {
        int period = rs.getInt("period_s");
        double p = Math.max(period, 1);
        return new PoolUsageRow(
                null,
                Rows.instant(rs, "sampled_at"),
                false,
                period,
                null,
                null,
                rs.getDouble("cpu_reserved") / p,
                rs.getDouble("cpu_allocated") / p,
                rs.getDouble("cpu_used") / p,
                rs.getDouble("memory_reserved_mb") / p,
                rs.getDouble("memory_allocated_mb") / p,
                rs.getDouble("memory_used_mb") / p,
                rs.getDouble("vms") / p,
                rs.getDouble("running_vms") / p);
    }

    @Override
    public int rollUp(Instant before) {
        Instant cut = before.truncatedTo(ChronoUnit.HOURS);
        return tx.inTransaction("rolling usage samples up", c -> {
            List<PoolUsageRow> raw = Rows.list(
                    c,
                    "select " + POOL_COLUMNS + " from usage_pool_sample where hourly = false and sampled_at < ?",
                    JdbcUsageStore::pool,
                    cut);
            List<ClusterUsageRow> rawClusters = Rows.list(
                    c,
                    "select " + CLUSTER_COLUMNS + " from usage_cluster_sample where hourly = false and sampled_at < ?",
                    JdbcUsageStore::cluster,
                    cut);
            Rows.update(c, "delete from usage_pool_sample where hourly = false and sampled_at < ?", cut);
            Rows.update(c, "delete from usage_cluster_sample where hourly = false and sampled_at < ?", cut);
            insertPools(c, rollPools(raw));
            insertClusters(c, rollClusters(rawClusters));
            return raw.size() + rawClusters.size();
        });
    }

    @Override
    public int prune(Instant before) {
        return tx.inTransaction(
                "pruning usage samples",
                c -> Rows.update(c, "delete from usage_pool_sample where sampled_at < ?", before)
                        + Rows.update(c, "delete from usage_cluster_sample where sampled_at < ?", before));
    }

    /**
     * One row per pool and hour (the hour a sample's period ends in): figures averaged weighted by period, periods
     * added, tenant and cluster of the hour's last sample. An hour already rolled up stays as it is: a raw sample is
     * never older than the roll-up's cut, so none of its hour can meet it.
     */
    static List<PoolUsageRow> rollPools(List<PoolUsageRow> raw) {
        Map<String, List<PoolUsageRow>> groups = new LinkedHashMap<>();
        for (PoolUsageRow r : raw) {
            groups.computeIfAbsent(r.poolId() + "@" + hourOf(r.at()), k -> new ArrayList<>())
                    .add(r);
        }
        List<PoolUsageRow> hourly = new ArrayList<>();
        for (List<PoolUsageRow> g : groups.values()) {
            g.sort((a, b) -> a.at().compareTo(b.at()));
            PoolUsageRow last = g.get(g.size() - 1);
            double w = g.stream().mapToDouble(PoolUsageRow::periodSeconds).sum();
            hourly.add(new PoolUsageRow(
                    last.poolId(),
                    hourOf(last.at()),
                    true,
                    (int) w,
                    last.tenantId(),
                    last.clusterId(),
                    avg(g, w, PoolUsageRow::cpuReserved),
                    avg(g, w, PoolUsageRow::cpuAllocated),
                    avg(g, w, PoolUsageRow::cpuUsed),
                    avg(g, w, PoolUsageRow::memoryReservedMb),
                    avg(g, w, PoolUsageRow::memoryAllocatedMb),
                    avg(g, w, PoolUsageRow::memoryUsedMb),
                    avg(g, w, PoolUsageRow::vms),
                    avg(g, w, PoolUsageRow::runningVms)));
        }
        return hourly;
    }

    static List<ClusterUsageRow> rollClusters(List<ClusterUsageRow> raw) {
        Map<String, List<ClusterUsageRow>> groups = new LinkedHashMap<>();
        for (ClusterUsageRow r : raw) {
            groups.computeIfAbsent(r.clusterId() + "@" + hourOf(r.at()), k -> new ArrayList<>())
                    .add(r);
        }
        List<ClusterUsageRow> hourly = new ArrayList<>();
        for (List<ClusterUsageRow> g : groups.values()) {
            g.sort((a, b) -> a.at().compareTo(b.at()));
            ClusterUsageRow last = g.get(g.size() - 1);
            double w = g.stream().mapToDouble(ClusterUsageRow::periodSeconds).sum();
            double hosts = 0;
            double on = 0;
            double saved = 0;
            for (ClusterUsageRow r : g) {
                hosts += r.hosts() * r.periodSeconds();
                on += r.hostsOn() * r.periodSeconds();
                saved += r.hostsSaved() * r.periodSeconds();
            }
            hourly.add(new ClusterUsageRow(
                    last.clusterId(),
                    hourOf(last.at()),
                    true,
                    (int) w,
                    last.policy(),
                    w == 0 ? 0 : hosts / w,
                    w == 0 ? 0 : on / w,
                    w == 0 ? 0 : saved / w));
        }
        return hourly;
    }

    private static double avg(
            List<PoolUsageRow> g, double w, java.util.function.ToDoubleFunction<PoolUsageRow> figure) {
        if (w == 0) {
            return 0;
        }
        double sum = 0;
        for (PoolUsageRow r : g) {
            sum += figure.applyAsDouble(r) * r.periodSeconds();
        }
        return sum / w;
    }

    private static Instant hourOf(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    private static void insertPools(Connection c, List<PoolUsageRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into usage_pool_sample (" + POOL_COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (PoolUsageRow r : rows) {
                Rows.bind(
                        ps,
                        r.poolId(),
                        r.at(),
                        r.hourly(),
                        r.periodSeconds(),
                        r.tenantId(),
                        r.clusterId(),
                        r.cpuReserved(),
                        r.cpuAllocated(),
                        r.cpuUsed(),
                        r.memoryReservedMb(),
                        r.memoryAllocatedMb(),
                        r.memoryUsedMb(),
                        r.vms(),
                        r.runningVms());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertClusters(Connection c, List<ClusterUsageRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "insert into usage_cluster_sample (" + CLUSTER_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (ClusterUsageRow r : rows) {
                Rows.bind(
                        ps,
                        r.clusterId(),
                        r.at(),
                        r.hourly(),
                        r.periodSeconds(),
                        r.policy(),
                        r.hosts(),
                        r.hostsOn(),
                        r.hostsSaved());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static PoolUsageRow pool(ResultSet rs) throws SQLException {
        return new PoolUsageRow(
                rs.getString("pool_id"),
                Rows.instant(rs, "sampled_at"),
                rs.getBoolean("hourly"),
                rs.getInt("period_s"),
                rs.getString("tenant_id"),
                rs.getString("cluster_id"),
                rs.getDouble("cpu_reserved"),
                rs.getDouble("cpu_allocated"),
                rs.getDouble("cpu_used"),
                rs.getDouble("memory_reserved_mb"),
                rs.getDouble("memory_allocated_mb"),
                rs.getDouble("memory_used_mb"),
                rs.getDouble("vms"),
                rs.getDouble("running_vms"));
    }

    private static ClusterUsageRow cluster(ResultSet rs) throws SQLException {
        return new ClusterUsageRow(
                rs.getString("cluster_id"),
                Rows.instant(rs, "sampled_at"),
                rs.getBoolean("hourly"),
                rs.getInt("period_s"),
                rs.getString("policy"),
                rs.getDouble("hosts"),
                rs.getDouble("hosts_on"),
                rs.getDouble("hosts_saved"));
    }

    private static Object[] params(List<String> ids, Instant from, Instant to) {
        Object[] params = new Object[ids.size() + 2];
        for (int i = 0; i < ids.size(); i++) {
            params[i] = ids.get(i);
        }
        params[ids.size()] = from;
        params[ids.size() + 1] = to;
        return params;
    }
}
