package org.strata.datacenter.balance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.Test;

public class BalancerTest {

    private static final long GIB = 1024;
    private final Balancer balancer = new Balancer();

    /** Four hosts of 32 CPUs, 128 GiB; h1 runs {@code hot} VMs of 2 CPUs and 4 GiB, the others 3 each. */
    private static ClusterBuilder oneHotHost(int hot) {
        ClusterBuilder b = new ClusterBuilder();
        for (String h : List.of("h1", "h2", "h3", "h4")) {
            b.host(h, 32, 128 * GIB);
        }
        b.vms("hot", hot, "h1", 2, 4 * GIB);
        for (String h : List.of("h2", "h3", "h4")) {
            b.vms(h + "vm", 3, h, 2, 4 * GIB);
        }
        return b;
    }

    @Test
    public void aBalancedClusterGivesNoMoves() {
        ClusterBuilder b = new ClusterBuilder();
        for (String h : List.of("h1", "h2", "h3", "h4")) {
            b.host(h, 32, 128 * GIB).vms(h + "vm", 8, h, 2, 8 * GIB);
        }
        for (int level = 1; level <= 5; level++) {
            BalancingPlan plan = balancer.plan(b.build(), BalancingPolicy.forLevel(level, 50), MoveCheck.any());
            assertEquals(BalancingPlan.Outcome.BALANCED, plan.outcome());
            assertEquals(List.of(), plan.migrations());
            assertEquals(0, plan.imbalanceBefore(), 1e-12);
            assertTrue(plan.summary(), plan.summary().contains("no moves"));
        }
    }

    @Test
    public void oneHotHostGivesMovesOffItWithinTheCap() {
        ClusterSnapshot snapshot = oneHotHost(14).build();
        BalancingPlan capped = balancer.plan(snapshot, BalancingPolicy.forLevel(3, 3), MoveCheck.any());
        assertEquals(BalancingPlan.Outcome.CAP_REACHED, capped.outcome());
        assertEquals(3, capped.migrations().size());
        for (Migration m : capped.migrations()) {
            assertEquals("h1", m.fromHostId());
            assertTrue(m.vmId().startsWith("hot-"));
            assertTrue(m.reason(), m.reason().startsWith("h1 is at CPU "));
        }
        assertTrue(capped.migrations().get(0).reason().startsWith("h1 is at CPU 88%, memory 44%"));
        // each move lowers the metric, and the plan's figures agree with a recomputation from the snapshot
        assertTrue(capped.imbalanceAfter() < capped.imbalanceBefore());
        Verifier.check(snapshot, BalancingPolicy.forLevel(3, 3), capped);

        BalancingPlan full = balancer.plan(snapshot, BalancingPolicy.forLevel(3, 50), MoveCheck.any());
        assertTrue(full.migrations().size() > 3);
        Map<String, double[]> after = Verifier.check(snapshot, BalancingPolicy.forLevel(3, 50), full);
        assertTrue(after.get("h1")[0] <= 0.8);
        assertTrue(full.imbalanceAfter() <= full.threshold());
        // the three cool hosts received what h1 gave, evenly enough: none is left far from the others
        for (String h : List.of("h2", "h3", "h4")) {
            assertEquals(after.get("h1")[0], after.get(h)[0], 0.13);
        }
    }

    @Test
    public void theGpuVmIsExcludedAndNamedWhileTheOthersMove() {
        Pin gpu = new Pin(Pin.Kind.PCI_PASSTHROUGH, "0000:3b:00.0");
        ClusterSnapshot snapshot = new ClusterBuilder()
                .host("h1", 32, 128 * GIB)
                .host("h2", 32, 128 * GIB)
                .host("h3", 32, 128 * GIB)
                .host("h4", 32, 128 * GIB)
                .pinned("gpu-vm", "h1", 12, 16 * GIB, gpu)
                .vms("web", 8, "h1", 2, 4 * GIB)
                .vms("db", 2, "h2", 2, 4 * GIB)
                .vms("app", 2, "h3", 2, 4 * GIB)
                .vms("batch", 2, "h4", 2, 4 * GIB)
                .build();
        BalancingPlan plan = balancer.plan(snapshot, BalancingPolicy.forLevel(3, 50), MoveCheck.any());
        assertFalse(plan.migrations().isEmpty());
        for (Migration m : plan.migrations()) {
            assertNotEquals("gpu-vm", m.vmId());
            assertEquals("h1", m.fromHostId());
        }
        assertEquals(1, plan.excluded().size());
        Exclusion gpuVm = plan.excluded().get(0);
        assertEquals("gpu-vm", gpuVm.vmId());
        assertEquals("h1", gpuVm.hostId());
        assertEquals(gpu, gpuVm.pin());
        assertTrue(
                gpuVm.reason(),
                gpuVm.reason()
                        .contains("gpu-vm (12.00 CPUs, 16384 MiB) stays: PCI pass-through" + " device 0000:3b:00.0"));
        Map<String, double[]> after = Verifier.check(snapshot, BalancingPolicy.forLevel(3, 50), plan);
        assertTrue(after.get("h1")[0] <= 0.8);
    }

    @Test
    public void aHostOfPinnedVmsDoesNotStopTheRestOfTheCluster() {
        // h1 is the hottest but runs only a GPU VM; h2 is hot with VMs that can move
        ClusterSnapshot snapshot = new ClusterBuilder()
                .host("h1", 32, 128 * GIB)
                .host("h2", 32, 128 * GIB)
                .host("h3", 32, 128 * GIB)
                .host("h4", 32, 128 * GIB)
                .pinned("gpu-vm", "h1", 30, 16 * GIB, new Pin(Pin.Kind.PCI_PASSTHROUGH, "0000:3b:00.0"))
                .vms("web", 13, "h2", 2, 4 * GIB)
                .vms("app", 1, "h3", 2, 4 * GIB)
                .vms("batch", 1, "h4", 2, 4 * GIB)
                .build();
        BalancingPlan plan = balancer.plan(snapshot, BalancingPolicy.forLevel(3, 50), MoveCheck.any());
        assertFalse(plan.migrations().isEmpty());
        assertTrue(plan.migrations().stream().allMatch(m -> m.fromHostId().equals("h2")));
        assertTrue(plan.excluded().stream().anyMatch(e -> e.vmId().equals("gpu-vm")));
        Map<String, double[]> after = Verifier.check(snapshot, BalancingPolicy.forLevel(3, 50), plan);
        assertTrue(after.get("h2")[0] <= 0.8);
        assertTrue(plan.summary(), plan.summary().contains("1 host(s) stay over the high-water mark"));
    }

    @Test
    public void theMoveCheckIsHonoured() {
        ClusterSnapshot snapshot = oneHotHost(14).build();
        List<String> asked = new ArrayList<>();
        MoveCheck notH2 = (vm, target, planned) -> {
            asked.add(vm.id() + ">" + target.id());
            return !target.id().equals("h2");
        };
        BalancingPlan plan = balancer.plan(snapshot, BalancingPolicy.forLevel(3, 50), notH2);
        assertFalse(plan.migrations().isEmpty());
        assertTrue(plan.migrations().stream().noneMatch(m -> m.toHostId().equals("h2")));
        assertTrue(plan.refusedByCheck() > 0);
        // a refusal is final for the round: no pair is asked twice
        assertEquals(asked.size(), new HashSet<>(asked).size());
        Verifier.check(snapshot, BalancingPolicy.forLevel(3, 50), plan);
    }

    @Test
    public void theMoveCheckSeesTheMovesPlannedSoFar() {
        // anti-affinity: the aa VMs must end on different hosts; capacity: at most 20 vCPUs allocated per host
        ClusterBuilder b = oneHotHost(10);
        b.vms("aa", 4, "h1", 2, 4 * GIB);
        ClusterSnapshot snapshot = b.build();
        Set<String> group = Set.of("aa-0", "aa-1", "aa-2", "aa-3");
        MoveCheck check = (vm, target, planned) -> {
            if (planned.allocatedVcpus(target.id()) + vm.vcpus() > 20) {
                return false;
            }
            if (group.contains(vm.id())) {
                for (String other : group) {
                    if (!other.equals(vm.id()) && planned.hostOf(other).equals(target.id())) {
                        return false;
                    }
                }
            }
            return true;
        };
        BalancingPlan plan = balancer.plan(snapshot, BalancingPolicy.forLevel(5, 50), check);
        Map<String, String> where = new HashMap<>();
        for (VmSnapshot vm : snapshot.vms()) {
            where.put(vm.id(), vm.hostId());
        }
        Map<String, Integer> vcpus = new HashMap<>();
        for (Migration m : plan.migrations()) {
            where.put(m.vmId(), m.toHostId());
        }
        for (VmSnapshot vm : snapshot.vms()) {
            vcpus.merge(where.get(vm.id()), vm.vcpus(), Integer::sum);
        }
        long aaMoved =
                plan.migrations().stream().filter(m -> group.contains(m.vmId())).count();
        assertTrue("some group member moves: " + plan.migrations(), aaMoved >= 1);
        Set<String> targets = new HashSet<>();
        for (Migration m : plan.migrations()) {
            if (group.contains(m.vmId())) {
                assertTrue("two group members planned onto " + m.toHostId(), targets.add(m.toHostId()));
            }
        }
        for (String h : List.of("h2", "h3", "h4")) {
            assertTrue(h + " holds " + vcpus.get(h) + " vCPUs", vcpus.get(h) <= 20);
        }
    }

    /** Ten hosts of 100 CPUs and 100 GiB: five at load {@code a}, five at {@code b}, in VMs of 1 %. */
    private static ClusterSnapshot twoTiers(int a, int b) {
        ClusterBuilder c = new ClusterBuilder();
        for (int h = 0; h < 10; h++) {
            String id = "h" + h;
            c.host(id, 100, 100 * GIB).vms(id + "vm", h < 5 ? a : b, id, 1, GIB);
        }
        return c.build();
    }

    @Test
    public void levelsOneToFiveActAtIncreasingSensitivity() {
        assertActingLevels(twoTiers(10, 70), Set.of(1, 2, 3, 4, 5)); // σ 0.30
        assertActingLevels(twoTiers(30, 60), Set.of(3, 4, 5)); // σ 0.15
        assertActingLevels(twoTiers(38, 52), Set.of(5)); // σ 0.07
        assertActingLevels(twoTiers(43, 47), Set.of()); // σ 0.02

        ClusterSnapshot snapshot = twoTiers(30, 60);
        assertEquals(0.15, balancer.imbalance(snapshot), 1e-9);
        int previousMoves = -1;
        double previousAfter = Double.MAX_VALUE;
        for (int level = 3; level <= 5; level++) {
            BalancingPlan plan = balancer.plan(snapshot, BalancingPolicy.forLevel(level, 500), MoveCheck.any());
            assertTrue(plan.migrations().size() >= previousMoves);
            assertTrue(plan.imbalanceAfter() <= previousAfter);
            previousMoves = plan.migrations().size();
            previousAfter = plan.imbalanceAfter();
            Verifier.check(snapshot, BalancingPolicy.forLevel(level, 500), plan);
        }
        assertTrue(previousAfter <= BalancingPolicy.forLevel(5, 0).stopAt());
    }

    private void assertActingLevels(ClusterSnapshot snapshot, Set<Integer> expected) {
        Set<Integer> acting = new HashSet<>();
        for (int level = 1; level <= 5; level++) {
            BalancingPlan plan = balancer.plan(snapshot, BalancingPolicy.forLevel(level, 50), MoveCheck.any());
            if (!plan.migrations().isEmpty()) {
                acting.add(level);
            } else {
                assertEquals(BalancingPlan.Outcome.BALANCED, plan.outcome());
            }
        }
        assertEquals("σ " + balancer.imbalance(snapshot), expected, acting);
    }

    @Test
    public void anOverloadedHostIsRelievedEvenAtLevelOne() {
        ClusterBuilder b = new ClusterBuilder();
        for (int h = 0; h < 20; h++) {
            b.host("h" + h, 100, 100 * GIB).vms("h" + h + "vm", 8, "h" + h, 5, 5 * GIB);
        }
        b.host("hot", 100, 100 * GIB).vms("hotvm", 18, "hot", 5, 5 * GIB);
        ClusterSnapshot snapshot = b.build();
        assertTrue(balancer.imbalance(snapshot) < BalancingPolicy.forLevel(1, 0).actAbove());
        BalancingPlan plan = balancer.plan(snapshot, BalancingPolicy.forLevel(1, 50), MoveCheck.any());
        assertEquals(BalancingPlan.Outcome.TARGET_REACHED, plan.outcome());
        assertEquals(2, plan.migrations().size());
        Map<String, double[]> after = Verifier.check(snapshot, BalancingPolicy.forLevel(1, 50), plan);
        assertEquals(0.8, after.get("hot")[0], 1e-9);
    }

    @Test
    public void hostsThatAcceptNoVmsAreNeitherTargetsNorSources() {
        ClusterSnapshot snapshot = oneHotHost(14)
                .closedHost("maint", 64, 256 * GIB)
                .vms("stuck", 30, "maint", 2, 4 * GIB)
                .build();
        BalancingPlan plan = balancer.plan(snapshot, BalancingPolicy.forLevel(5, 50), MoveCheck.any());
        assertFalse(plan.migrations().isEmpty());
        for (Migration m : plan.migrations()) {
            assertNotEquals("maint", m.toHostId());
            assertNotEquals("maint", m.fromHostId());
        }
        // the metric ignores it: the same as without it
        assertEquals(balancer.imbalance(oneHotHost(14).build()), plan.imbalanceBefore(), 1e-12);
    }

    @Test
    public void tooFewHostsAndAZeroCap() {
        ClusterSnapshot one = new ClusterBuilder()
                .host("h1", 8, 8 * GIB)
                .vms("v", 4, "h1", 2, GIB)
                .build();
        assertEquals(
                BalancingPlan.Outcome.TOO_FEW_HOSTS,
                balancer.plan(one, BalancingPolicy.forLevel(5, 50), MoveCheck.any())
                        .outcome());
        BalancingPlan zero = balancer.plan(oneHotHost(14).build(), BalancingPolicy.forLevel(3, 0), MoveCheck.any());
        assertEquals(BalancingPlan.Outcome.CAP_REACHED, zero.outcome());
        assertEquals(List.of(), zero.migrations());
    }

    @Test
    public void theSameInputInAnyOrderGivesTheSamePlan() {
        ClusterSnapshot snapshot = RandomCluster.generate(200, 20, 7);
        BalancingPolicy policy = BalancingPolicy.forLevel(4, 50);
        BalancingPlan plan = balancer.plan(snapshot, policy, MoveCheck.any());
        assertFalse(plan.migrations().isEmpty());
        List<HostSnapshot> hosts = new ArrayList<>(snapshot.hosts());
        List<VmSnapshot> vms = new ArrayList<>(snapshot.vms());
        Collections.shuffle(hosts, new Random(1));
        Collections.shuffle(vms, new Random(2));
        BalancingPlan shuffled =
                balancer.plan(new ClusterSnapshot(snapshot.clusterId(), hosts, vms), policy, MoveCheck.any());
        assertEquals(plan, shuffled);
    }

    @Test
    public void aLargeSkewedClusterKeepsEveryRule() {
        ClusterSnapshot snapshot = RandomCluster.generate(1000, 20, 42);
        // a check that refuses one pair in seven, as placement filters might
        MoveCheck check = (vm, target, planned) ->
                Math.floorMod(vm.id().hashCode() * 31 + target.id().hashCode(), 7) != 0;
        for (int level = 1; level <= 5; level++) {
            BalancingPolicy policy = BalancingPolicy.forLevel(level, 50);
            BalancingPlan plan = balancer.plan(snapshot, policy, check);
            assertTrue(plan.migrations().size() <= 50);
            for (Migration m : plan.migrations()) {
                assertTrue(
                        m.toString(), check.allows(vmById(snapshot, m.vmId()), hostById(snapshot, m.toHostId()), null));
            }
            Verifier.check(snapshot, policy, plan);
            // the skewed cluster has hot hosts: every level acts on them
            assertFalse("level " + level, plan.migrations().isEmpty());
            assertFalse(plan.excluded().isEmpty());
        }
    }

    @Test
    public void aSnapshotThatContradictsItselfIsRefusedByName() {
        ClusterSnapshot orphan = new ClusterBuilder()
                .host("h1", 8, 8 * GIB)
                .vm("lost", "nowhere", 1, GIB)
                .build();
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> balancer.plan(orphan, BalancingPolicy.forLevel(3, 5), MoveCheck.any()));
        assertTrue(e.getMessage(), e.getMessage().contains("VM lost runs on host nowhere"));
        HostSnapshot h = HostSnapshot.active("h1", 8, 8 * GIB, 1, GIB);
        IllegalArgumentException twice = assertThrows(
                IllegalArgumentException.class,
                () -> balancer.plan(
                        new ClusterSnapshot("c", List.of(h, h), List.of()),
                        BalancingPolicy.forLevel(3, 5),
                        MoveCheck.any()));
        assertTrue(twice.getMessage(), twice.getMessage().contains("host h1 is listed twice"));
        assertThrows(IllegalArgumentException.class, () -> BalancingPolicy.forLevel(6, 5));
        assertThrows(IllegalArgumentException.class, () -> HostSnapshot.active("h", 0, 1, 0, 0));
    }

    private static VmSnapshot vmById(ClusterSnapshot s, String id) {
        return s.vms().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
    }

    private static HostSnapshot hostById(ClusterSnapshot s, String id) {
        return s.hosts().stream().filter(h -> h.id().equals(id)).findFirst().orElseThrow();
    }
}
