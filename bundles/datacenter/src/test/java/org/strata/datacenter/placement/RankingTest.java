package org.strata.datacenter.placement;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.strata.api.datacenter.HostVerdict;
import org.strata.api.inventory.HostState;
import org.strata.datacenter.spi.Candidate;
import org.strata.datacenter.spi.PlacementRequest;

/** The built-in filters and weighers over hand-made hosts: what each refuses, and how spread and pack rank. */
public class RankingTest {

    private static Candidate host(String name, long allocatedCpus, double measuredCpu, String maintenance) {
        return new Candidate(
                "id-" + name,
                name,
                "kvm",
                "c",
                HostState.AVAILABLE,
                maintenance,
                Map.of("rack", name.endsWith("1") ? "r1" : "r2"),
                Set.of("VM_DEFINE", "LIVE_MIGRATION"),
                8,
                16384,
                32,
                16384,
                allocatedCpus,
                allocatedCpus * 1024,
                measuredCpu,
                measuredCpu < 0 ? -1 : (long) (16384 * measuredCpu / 100),
                Set.of());
    }

    private static PlacementRequest vm(int cpus, String policy, Map<String, String> labels) {
        return new PlacementRequest(null, "web", null, null, cpus, 1024, labels, Set.of("VM_DEFINE"), policy);
    }

    private final Ranking ranking = new Ranking(BuiltInFilters.all(), BuiltInWeighers.all());

    @Test
    public void spreadPrefersTheHostWithTheMostRoomByMeasuredLoadAndPackTheFullest() {
        List<Candidate> hosts =
                List.of(host("a1", 2, 90.0, "none"), host("b2", 6, 10.0, "none"), host("c3", 4, 50.0, "none"));
        Ranking.Decision spread = ranking.rank(hosts, vm(1, "spread", Map.of()), true);
        // b2 has more allocated than a1 but is nearly idle, CPU and memory: measured headroom outweighs allocation.
        assertEquals("id-b2", spread.chosenHostId());
        assertEquals(1, spread.verdicts().get(0).rank());
        Ranking.Decision pack = ranking.rank(hosts, vm(1, "pack", Map.of()), false);
        assertEquals("id-a1", pack.chosenHostId());
    }

    @Test
    public void everyRefusalIsNamedAndTheChoiceNeedsNoExplanation() {
        List<Candidate> hosts = List.of(
                host("a1", 30, 10.0, "none"), // 30 of 32 vCPUs allocated: 4 more do not fit
                host("b2", 0, 10.0, "entering"),
                host("c3", 0, 10.0, "none"));
        Ranking.Decision d = ranking.rank(hosts, vm(4, "spread", Map.of("rack", "r2")), true);
        assertEquals("id-c3", d.chosenHostId());
        HostVerdict a1 = d.verdicts().stream()
                .filter(v -> v.hostName().equals("a1"))
                .findFirst()
                .orElseThrow();
        assertFalse(a1.possible());
        assertTrue(a1.refusals().toString(), a1.refusals().stream().anyMatch(r -> r.startsWith("capacity: ")));
        assertTrue(a1.refusals().toString(), a1.refusals().stream().anyMatch(r -> r.startsWith("labels: ")));
        HostVerdict b2 = d.verdicts().stream()
                .filter(v -> v.hostName().equals("b2"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("maintenance: the host is entering maintenance"), b2.refusals());
        assertEquals(
                "id-c3",
                ranking.rank(hosts, vm(4, "spread", Map.of("rack", "r2")), false)
                        .chosenHostId());
    }

    @Test
    public void unreachableHostsAndHostsNeverContactedGetNothing() {
        Candidate down = new Candidate(
                "id-d",
                "d",
                "kvm",
                "c",
                HostState.UNREACHABLE,
                "none",
                Map.of(),
                Set.of("VM_DEFINE"),
                8,
                1,
                32,
                1,
                0,
                0,
                -1,
                -1,
                Set.of());
        Candidate fresh = new Candidate(
                "id-f",
                "f",
                "kvm",
                "c",
                HostState.AVAILABLE,
                "none",
                Map.of(),
                Set.of(),
                0,
                0,
                0,
                0,
                0,
                0,
                -1,
                -1,
                Set.of());
        Ranking.Decision d = ranking.rank(List.of(down, fresh), vm(1, "spread", Map.of()), true);
        assertNull(d.chosenHostId());
        assertEquals(2, d.verdicts().size());
        assertTrue(d.verdicts().get(0).refusals().get(0).startsWith("host-state: "));
        assertTrue(d.verdicts().get(1).refusals().get(0).startsWith("capability: "));
    }
}
