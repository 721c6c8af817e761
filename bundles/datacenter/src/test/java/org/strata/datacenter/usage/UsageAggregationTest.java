package org.strata.datacenter.usage;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.strata.api.StrataException;
import org.strata.api.datacenter.ClusterHours;
import org.strata.api.datacenter.UsageStep;
import org.strata.repository.ClusterUsageRow;
import org.strata.repository.PoolUsageRow;

public class UsageAggregationTest {

    private static final Instant DAY = Instant.parse("2026-03-02T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private static PoolUsageRow pool(String id, Instant at, int period, double allocated, double running) {
        return new PoolUsageRow(
                id, at, false, period, "t", "c", 4, allocated, allocated / 2, 2048, 256 * allocated, 100, 3, running);
    }

    private static ClusterUsageRow cluster(Instant at, int period, String policy, int on, int saved) {
        return new ClusterUsageRow("c", at, false, period, policy, 3, on, saved);
    }

    /** Every 5 minutes over [start, end), each sample standing for 300 s. */
    private static List<Instant> every5(Instant start, Instant end) {
        List<Instant> at = new ArrayList<>();
        for (Instant t = start.plusSeconds(300); t.isBefore(end); t = t.plusSeconds(300)) {
            at.add(t);
        }
        return at;
    }

    @Test
    public void averagesAreOverTheStepAndSummedOverPools() {
        List<PoolUsageRow> rows = new ArrayList<>();
        for (Instant t : every5(DAY, DAY.plus(HOUR))) {
            // p1 holds 2 vCPUs the first half hour and 4 after; p2 always 1.
            rows.add(pool("p1", t, 300, t.isBefore(DAY.plusSeconds(1800)) ? 2 : 4, 1));
            rows.add(pool("p2", t, 300, 1, 1));
        }
        UsageAggregation.Result r = UsageAggregation.aggregate(rows, List.of(), DAY, DAY.plus(HOUR), HOUR, id -> id);
        assertEquals(1, r.steps().size());
        UsageStep s = r.steps().get(0);
        // 11 samples (the one at 01:00 belongs to the next step): 5 at 2 and 6 at 4 for p1, plus p2's 1
        assertEquals((5 * 2 + 6 * 4) / 11.0 + 1, s.cpuAllocated(), 0.001);
        assertEquals(8, s.cpuReserved(), 1e-9);
        assertEquals(11 * 300 / 3600.0, s.coveredHours(), 0.001);
        assertEquals("two pools with one running VM each", 2 * 11 * 300 / 3600.0, s.vmHours(), 0.001);
        assertEquals(s, r.totals());
    }

    @Test
    public void aSampleOnAStepBoundaryBelongsToTheStepItStarts() {
        List<PoolUsageRow> rows =
                List.of(pool("p1", DAY.plus(HOUR).minusMillis(1), 300, 2, 1), pool("p1", DAY.plus(HOUR), 300, 6, 1));
        UsageAggregation.Result r =
                UsageAggregation.aggregate(rows, List.of(), DAY, DAY.plus(HOUR.multipliedBy(2)), HOUR, id -> id);
        assertEquals(2, r.steps().get(0).cpuAllocated(), 1e-9);
        assertEquals(6, r.steps().get(1).cpuAllocated(), 1e-9);
        assertEquals(DAY.plus(HOUR), r.steps().get(1).start());
        assertEquals(4, r.totals().cpuAllocated(), 1e-9);
    }

    @Test
    public void anEmptyPeriodHasItsStepsWithZeros() {
        UsageAggregation.Result r = UsageAggregation.aggregate(
                List.of(), List.of(), DAY, DAY.plus(Duration.ofDays(3)), Duration.ofDays(1), id -> id);
        assertEquals(3, r.steps().size());
        for (UsageStep s : r.steps()) {
            assertEquals(0, s.coveredHours(), 0);
            assertEquals(0, s.cpuReserved(), 0);
            assertEquals(0, s.hostHoursPoweredOn(), 0);
        }
        assertEquals(List.of(), r.clusters());
    }

    @Test
    public void hostHoursAreSavedOnlyWhileThePolicyPowersHostsOff() {
        // Three hosts; 22:00-24:00 power-saving with one host on (two saved), the rest of the day balanced, all on.
        List<ClusterUsageRow> rows = new ArrayList<>();
        for (Instant t : every5(DAY.minusSeconds(300), DAY.plus(Duration.ofDays(1)))) {
            boolean window = !t.isBefore(DAY.plus(HOUR.multipliedBy(22)));
            rows.add(window ? cluster(t, 300, "power-saving", 1, 2) : cluster(t, 300, "balanced", 3, 0));
        }
        UsageAggregation.Result r =
                UsageAggregation.aggregate(List.of(), rows, DAY, DAY.plus(Duration.ofDays(1)), HOUR, id -> "prod");
        assertEquals(24, r.steps().size());
        assertEquals(3, r.steps().get(0).hostHoursPoweredOn(), 0.001);
        assertEquals(0, r.steps().get(21).hostHoursSaved(), 0.001);
        assertEquals(2, r.steps().get(22).hostHoursSaved(), 0.001);
        assertEquals(1, r.steps().get(23).hostHoursPoweredOn(), 0.001);
        assertEquals(22 * 3 + 2 * 1, r.totals().hostHoursPoweredOn(), 0.001);
        assertEquals(4, r.totals().hostHoursSaved(), 0.001);
        assertEquals(List.of(new ClusterHours("c", "prod", 68, 4)), r.clusters());
    }

    @Test
    public void hourlyRollUpsCountLikeTheSamplesTheyReplace() {
        List<PoolUsageRow> raw = new ArrayList<>();
        for (Instant t : every5(DAY.minusSeconds(300), DAY.plus(HOUR))) {
            raw.add(pool("p1", t, 300, t.isBefore(DAY.plusSeconds(1200)) ? 3 : 1, 1));
        }
        PoolUsageRow hourly =
                new PoolUsageRow("p1", DAY, true, 3600, "t", "c", 4, (4 * 3 + 8 * 1) / 12.0, 0, 2048, 0, 0, 3, 1);
        UsageStep fromRaw = UsageAggregation.aggregate(raw, List.of(), DAY, DAY.plus(HOUR), HOUR, id -> id)
                .totals();
        UsageStep fromHour = UsageAggregation.aggregate(List.of(hourly), List.of(), DAY, DAY.plus(HOUR), HOUR, id -> id)
                .totals();
        assertEquals(fromRaw.cpuAllocated(), fromHour.cpuAllocated(), 0.001);
        assertEquals(fromRaw.vmHours(), fromHour.vmHours(), 0.001);
        assertEquals(1, fromHour.coveredHours(), 0);
    }

    @Test
    public void stepsAreWholeUtcHoursOrDays() {
        Instant at = Instant.parse("2026-03-02T10:17:00Z");
        assertEquals(Instant.parse("2026-03-02T10:00:00Z"), Step.HOUR.floor(at));
        assertEquals(Instant.parse("2026-03-02T11:00:00Z"), Step.HOUR.ceil(at));
        assertEquals(Instant.parse("2026-03-03T00:00:00Z"), Step.DAY.ceil(at));
        assertEquals(DAY, Step.DAY.ceil(DAY));
        assertEquals(Step.DAY, Step.parse(null));
        assertEquals(Step.HOUR, Step.parse("Hour"));
        assertThrows(StrataException.class, () -> Step.parse("week"));
    }
}
