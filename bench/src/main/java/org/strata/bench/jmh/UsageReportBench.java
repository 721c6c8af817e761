package org.strata.bench.jmh;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.strata.datacenter.usage.UsageAggregation;
import org.strata.repository.ClusterUsageRow;
import org.strata.repository.PoolUsageRow;
import org.strata.repository.UsageStore;
import org.strata.repository.jdbc.DatabaseSettings;
import org.strata.repository.jdbc.JdbcConfigRepository;

/**
 * The cost and utilization report over a year of hourly roll-ups of {@code pools} pools of one tenant on one cluster
 * (8,760 rows per pool), in a fresh embedded H2 file database seeded once through {@link UsageStore#record}: reading
 * the tenant's rows summed per instant by the database and aggregating them by day (what {@code GET
 * /reports/usage?tenant=&step=day} does for a year), and the aggregation alone over every pool's row by hour (8,760
 * steps). Run with {@code bench/jmh.sh usage}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class UsageReportBench {

    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofDays(365));

    @Param({"100"})
    public int pools;

    private Path dir;
    private JdbcConfigRepository repository;
    private UsageStore usage;
    private List<PoolUsageRow> rows;
    private List<ClusterUsageRow> clusterRows;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("strata-usage-bench");
        repository = new JdbcConfigRepository(
                new DatabaseSettings(
                        "jdbc:h2:file:" + dir.resolve("repository").toAbsolutePath() + ";WRITE_DELAY=0", "sa", "", 4),
                dir.resolve("key"));
        usage = repository.usageStore();
        Random random = new Random(42);
        long started = System.nanoTime();
        for (Instant day = FROM; day.isBefore(TO); day = day.plus(Duration.ofDays(1))) {
            List<PoolUsageRow> poolDay = new ArrayList<>();
            List<ClusterUsageRow> clusterDay = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                Instant at = day.plus(Duration.ofHours(h));
                for (int p = 0; p < pools; p++) {
                    double allocated = random.nextInt(17);
                    poolDay.add(new PoolUsageRow(
                            "pool-" + p,
                            at,
                            true,
                            3600,
                            "tenant",
                            "cluster",
                            8,
                            allocated,
                            allocated * random.nextDouble(),
                            16384,
                            allocated * 2048,
                            allocated * 1500,
                            6,
                            allocated / 2));
                }
                clusterDay.add(new ClusterUsageRow(
                        "cluster",
                        at,
                        true,
                        3600,
                        h < 7 ? "power-saving" : "balanced",
                        20,
                        h < 7 ? 8 : 20,
                        h < 7 ? 12 : 0));
            }
            usage.record(poolDay, clusterDay);
        }
        System.out.printf("Seeded %d pool rows in %.1f s%n", pools * 8760L, (System.nanoTime() - started) / 1e9);
        rows = usage.tenantRows("tenant", FROM, TO);
        clusterRows = usage.clusterRows(List.of("cluster"), FROM, TO);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        repository.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public UsageAggregation.Result yearByDayFromTheDatabase() {
        // As UsageReports reads a tenant: its pools and their clusters, then the sums per instant.
        if (usage.tenantPools("tenant", FROM, TO).size() != pools) {
            throw new IllegalStateException("the seeded pools are not all there");
        }
        return UsageAggregation.aggregate(
                usage.tenantSums("tenant", FROM, TO),
                usage.clusterRows(List.of("cluster"), FROM, TO),
                FROM,
                TO,
                Duration.ofDays(1),
                id -> id);
    }

    @Benchmark
    public UsageAggregation.Result yearByHourAggregationOnly() {
        return UsageAggregation.aggregate(rows, clusterRows, FROM, TO, Duration.ofHours(1), id -> id);
    }
}
