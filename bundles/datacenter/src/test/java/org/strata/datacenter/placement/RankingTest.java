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

    @Test
    public void aHostInStandbyIsRefusedUntilNoPoweredOnHostCanTakeTheVm() {
        Candidate busy = host("a1", 30, 10.0, "none"); // 2 of 32 vCPUs left, 1 GiB of memory allocated
        Candidate full = new Candidate(
                busy.hostId(),
                busy.name(),
                busy.driverId(),
                busy.clusterId(),
                busy.state(),
                busy.maintenance(),
                busy.labels(),
                busy.capabilities(),
                busy.cpus(),
                busy.memoryMb(),
                busy.cpuCapacity(),
                busy.memoryCapacityMb(),
                30,
                1024,
                10.0,
                1024,
                Set.of());
        Candidate off = new Candidate(
                "id-s2",
                "s2",
                "kvm",
                "c",
                HostState.UNREACHABLE,
                "none",
                Map.of(),
                Set.of("VM_DEFINE", "LIVE_MIGRATION"),
                8,
                16384,
                32,
                16384,
                0,
                0,
                -1,
                -1,
                Set.of());
        List<Candidate> hosts = List.of(full, off);
        Ranking normal = new Ranking(BuiltInFilters.all(Set.of("id-s2"), false), BuiltInWeighers.all());
        Ranking.Decision first = normal.rank(hosts, vm(4, "pack", Map.of()), true);
        assertNull(first.chosenHostId());
        HostVerdict s2 = first.verdicts().stream()
                .filter(v -> v.hostName().equals("s2"))
                .findFirst()
                .orElseThrow();
        // The standby filter speaks for it, not the host-state filter: unreachable is what standby looks like.
        assertEquals(1, s2.refusals().size());
        assertTrue(s2.refusals().toString(), s2.refusals().get(0).startsWith("standby: the host is in standby"));
        Ranking waking = new Ranking(BuiltInFilters.all(Set.of("id-s2"), true), BuiltInWeighers.all());
        assertEquals("id-s2", waking.rank(hosts, vm(4, "pack", Map.of()), false).chosenHostId());
        // A VM that fits on the powered-on host never wakes one: the first pass chooses it.
        assertEquals("id-a1", normal.rank(hosts, vm(1, "pack", Map.of()), false).chosenHostId());
    }
}
