package org.strata.repository.jdbc;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.strata.api.StrataException;
import org.strata.repository.ClusterUsageRow;
import org.strata.repository.PoolUsageRow;
import org.strata.repository.UsageStore;

/** The usage samples on an H2 file database (migration V11): record, read by tenant and by pool, roll up, prune. */
public class UsageStoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    private JdbcConfigRepository repo;
    private UsageStore usage;

    @Before
    public void open() throws Exception {
        String path = temp.newFolder("h2")
                .toPath()
                .resolve("repository")
                .toAbsolutePath()
                .toString();
        repo = new JdbcConfigRepository(
                new DatabaseSettings("jdbc:h2:file:" + path + ";WRITE_DELAY=0", "sa", "", 4),
                temp.getRoot().toPath().resolve("key"));
        usage = repo.usageStore();
    }

    @After
    public void close() {
        repo.close();
    }

    private static PoolUsageRow pool(String id, String tenant, Instant at, int period, double cpuAllocated) {
        return new PoolUsageRow(id, at, false, period, tenant, "c1", 4, cpuAllocated, 0.5, 2048, 512, 300, 2, 1);
    }

    private static ClusterUsageRow cluster(Instant at, int period, double on, double saved, String policy) {
        return new ClusterUsageRow("c1", at, false, period, policy, 3, on, saved);
    }

    @Test
    public void aSampleIsReadBackByTenantPoolAndCluster() {
        usage.record(
                List.of(pool("p1", "t1", T0, 300, 2), pool("p2", "t2", T0, 300, 1)),
                List.of(cluster(T0, 300, 3, 0, "balanced")));
        assertEquals(List.of(pool("p1", "t1", T0, 300, 2)), usage.tenantRows("t1", T0, T0.plusSeconds(1)));
        assertEquals(
                2, usage.poolRows(Set.of("p1", "p2"), T0, T0.plusSeconds(1)).size());
        assertTrue(
                "to is excluded",
                usage.poolRows(Set.of("p1"), T0.minusSeconds(1), T0).isEmpty());
        assertTrue(usage.poolRows(Set.of(), T0, T0.plusSeconds(1)).isEmpty());
        assertEquals(
                List.of(cluster(T0, 300, 3, 0, "balanced")), usage.clusterRows(Set.of("c1"), T0, T0.plusSeconds(1)));
    }

    @Test
    public void sumsPerInstantKeepFigureTimesPeriod() {
        // Two pools sampled together (300 s), one of them also alone later with another period (120 s).
        usage.record(List.of(pool("p1", "t1", T0, 300, 2), pool("p2", "t1", T0, 300, 6)), List.of());
        usage.record(List.of(pool("p1", "t1", T0.plusSeconds(120), 120, 3)), List.of());
        usage.record(List.of(pool("p3", "t2", T0, 300, 5)), List.of());
        List<PoolUsageRow> sums = usage.tenantSums("t1", T0, T0.plusSeconds(3600));
        assertEquals(2, sums.size());
        assertEquals(T0, sums.get(0).at());
        assertEquals(300, sums.get(0).periodSeconds());
        assertEquals(8, sums.get(0).cpuAllocated(), 1e-9);
        assertEquals(8, sums.get(0).cpuReserved(), 1e-9);
        assertEquals(2, sums.get(0).runningVms(), 1e-9);
        assertEquals(120, sums.get(1).periodSeconds());
        assertEquals(3, sums.get(1).cpuAllocated(), 1e-9);
        assertEquals(sums, usage.poolSums(Set.of("p1", "p2"), T0, T0.plusSeconds(3600)));
        assertEquals(
                java.util.Map.of("p1", Set.of("c1"), "p2", Set.of("c1")),
                usage.tenantPools("t1", T0, T0.plusSeconds(3600)));
        assertEquals(Set.of("c1"), usage.clustersOf(Set.of("p3"), T0, T0.plusSeconds(1)));
        assertTrue(usage.clustersOf(Set.of("p3"), T0.plusSeconds(1), T0.plusSeconds(2))
                .isEmpty());
    }

    @Test
    public void aSampleIsWrittenWholeOrNotAtAll() {
        usage.record(List.of(pool("p1", "t1", T0, 300, 2)), List.of());
        // The second pool row repeats the first's key: the cluster row of the same sample must not stay either.
        assertThrows(
                StrataException.class,
                () -> usage.record(
                        List.of(pool("p2", "t1", T0, 300, 1), pool("p1", "t1", T0, 300, 1)),
                        List.of(cluster(T0, 300, 3, 0, "balanced"))));
        assertEquals(1, usage.tenantRows("t1", T0, T0.plusSeconds(1)).size());
        assertTrue(usage.clusterRows(Set.of("c1"), T0, T0.plusSeconds(1)).isEmpty());
    }

    @Test
    public void rawSamplesRollUpIntoHoursWeightedByPeriod() {
        // 10:05 (period 300 s, 2 vCPUs), 10:30 (period 1500 s, 4 vCPUs), 11:05 stays raw.
        usage.record(
                List.of(pool("p1", "t1", T0.plusSeconds(300), 300, 2)),
                List.of(cluster(T0.plusSeconds(300), 300, 3, 0, "balanced")));
        usage.record(
                List.of(pool("p1", "t1", T0.plusSeconds(1800), 1500, 4)),
                List.of(cluster(T0.plusSeconds(1800), 1500, 1, 2, "power-saving")));
        usage.record(List.of(pool("p1", "t1", T0.plusSeconds(3900), 300, 8)), List.of());

        assertEquals(4, usage.rollUp(T0.plusSeconds(3700)));

        List<PoolUsageRow> rows = usage.tenantRows("t1", T0, T0.plusSeconds(7200));
        assertEquals(2, rows.size());
        PoolUsageRow hour = rows.get(0);
        assertEquals(T0, hour.at());
        assertTrue(hour.hourly());
        assertEquals(1800, hour.periodSeconds());
        assertEquals((2 * 300 + 4 * 1500) / 1800.0, hour.cpuAllocated(), 1e-9);
        assertEquals(4, hour.cpuReserved(), 1e-9);
        assertFalse(rows.get(1).hourly());
        ClusterUsageRow clusterHour =
                usage.clusterRows(Set.of("c1"), T0, T0.plusSeconds(7200)).get(0);
        assertEquals(1800, clusterHour.periodSeconds());
        // host-seconds are kept: 3 x 300 + 1 x 1500 on, 2 x 1500 saved
        assertEquals(3 * 300 + 1500, clusterHour.hostsOn() * clusterHour.periodSeconds(), 1e-6);
        assertEquals(2 * 1500, clusterHour.hostsSaved() * clusterHour.periodSeconds(), 1e-6);

        assertEquals("nothing raw is left before the cut", 0, usage.rollUp(T0.plusSeconds(3700)));
        assertEquals(2, usage.prune(T0.plusSeconds(3600)));
        assertEquals(1, usage.tenantRows("t1", T0, T0.plusSeconds(7200)).size());
    }
}
