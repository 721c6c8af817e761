package org.strata.datacenter.balance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.Test;
import org.strata.api.datacenter.AffinityGroup;

/** Balancing under affinity groups: must-affinity members pinned and named, no move breaks a rule. */
public class AffinityMovesTest {

    private static final long GIB = 1024;
    private final Balancer balancer = new Balancer();

    private static AffinityGroup group(
            String name, String kind, String enforcement, Map<String, String> labels, String... vms) {
        return new AffinityGroup("g-" + name, "c1", name, null, kind, enforcement, List.of(vms), labels, null);
    }

    /** The snapshot with each VM pinned as the rules say, and the rules' move check. */
    private static Object[] withRules(
            ClusterSnapshot raw,
            List<AffinityGroup> groups,
            Map<String, String> stopped,
            Map<String, Map<String, String>> labels) {
        Map<String, String> hostOf = new HashMap<>(stopped);
        raw.vms().forEach(v -> hostOf.put(v.id(), v.hostId()));
        AffinityMoves rules = new AffinityMoves(groups, hostOf, labels);
        List<VmSnapshot> vms = new ArrayList<>();
        for (VmSnapshot v : raw.vms()) {
            vms.add(new VmSnapshot(
                    v.id(), v.hostId(), v.vcpus(), v.memoryMib(), v.cpuUsed(), v.memoryUsedMib(), rules.pin(v.id())));
        }
        MoveCheck check = rules::allows;
        return new Object[] {new ClusterSnapshot(raw.clusterId(), raw.hosts(), vms), check};
    }

    private static ClusterBuilder oneHotHost() {
        ClusterBuilder b = new ClusterBuilder();
        for (String h : List.of("h1", "h2", "h3", "h4")) {
            b.host(h, 32, 128 * GIB);
        }
        b.vms("hot", 14, "h1", 2, 4 * GIB);
        for (String h : List.of("h2", "h3", "h4")) {
            b.vms(h + "vm", 3, h, 2, 4 * GIB);
        }
        return b;
    }

    @Test
    public void mustAffinityMembersStayAndAreNamedWhileTheOthersMove() {
        Object[] s = withRules(
                oneHotHost().build(),
                List.of(group("pair", "affinity", "must", Map.of(), "hot-0", "hot-1")),
                Map.of(),
                Map.of());
        BalancingPlan plan = balancer.plan((ClusterSnapshot) s[0], BalancingPolicy.forLevel(3, 50), (MoveCheck) s[1]);
        assertFalse(plan.migrations().isEmpty());
        for (Migration m : plan.migrations()) {
            assertNotEquals("hot-0", m.vmId());
            assertNotEquals("hot-1", m.vmId());
        }
        assertEquals(2, plan.excluded().size());
        assertTrue(
                plan.excluded().get(0).reason(), plan.excluded().get(0).reason().contains("must-affinity"));
        assertTrue(
                plan.excluded().get(0).reason(), plan.excluded().get(0).reason().contains("group 'pair'"));
    }

    @Test
    public void aLoneMemberOfAMustAffinityGroupMayMove() {
        AffinityMoves rules = new AffinityMoves(
                List.of(group("pair", "affinity", "must", Map.of(), "hot-0", "gone")), Map.of("hot-0", "h1"), Map.of());
        assertEquals(Optional.empty(), rules.pin("hot-0"));
    }

    @Test
    public void noMovePutsTwoAntiAffinityMembersOnOneHostNorBreaksAShouldRule() {
        // hot-0 must stay apart from h2vm-0 (running on h2) and from "idle" (stopped, defined on h3); hot-1 should
        // stay apart from h4vm-0: every target is barred to one of them, and the planner finds others.
        List<AffinityGroup> groups = List.of(
                group("apart", "anti-affinity", "must", Map.of(), "hot-0", "h2vm-0", "idle"),
                group("soft", "anti-affinity", "should", Map.of(), "hot-1", "h4vm-0"),
                group("rack", "affinity", "must", Map.of("rack", "r1"), "hot-2"),
                group("stay", "affinity", "should", Map.of(), "hot-3", "hot-4"));
        Map<String, Map<String, String>> labels =
                Map.of("h1", Map.of("rack", "r1"), "h2", Map.of("rack", "r1"), "h3", Map.of(), "h4", Map.of());
        for (int hot = 0; hot < 5; hot++) {
            // Make each member the hottest in turn, so that the planner wants to move it first.
            ClusterBuilder b = new ClusterBuilder();
            for (String h : List.of("h1", "h2", "h3", "h4")) {
                b.host(h, 32, 128 * GIB);
            }
            for (int i = 0; i < 14; i++) {
                b.vm("hot-" + i, "h1", i == hot ? 6 : 2, 4 * GIB);
            }
            for (String h : List.of("h2", "h3", "h4")) {
                b.vms(h + "vm", 3, h, 2, 4 * GIB);
            }
            Object[] s = withRules(b.build(), groups, Map.of("idle", "h3"), labels);
            BalancingPlan plan =
                    balancer.plan((ClusterSnapshot) s[0], BalancingPolicy.forLevel(3, 50), (MoveCheck) s[1]);
            assertFalse(plan.migrations().isEmpty());
            for (Migration m : plan.migrations()) {
                if (m.vmId().equals("hot-0")) {
                    assertEquals("h4", m.toHostId());
                }
                if (m.vmId().equals("hot-1")) {
                    assertNotEquals("h4", m.toHostId());
                }
                if (m.vmId().equals("hot-2")) {
                    assertEquals("h2", m.toHostId());
                }
                // hot-3 and hot-4 share h1 and should stay together: neither leaves alone
                assertNotEquals("hot-3", m.vmId());
                assertNotEquals("hot-4", m.vmId());
            }
        }
    }
}
