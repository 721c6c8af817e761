package org.strata.datacenter.placement;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.Test;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.HostVerdict;
import org.strata.api.inventory.HostState;
import org.strata.datacenter.spi.Candidate;
import org.strata.datacenter.spi.PlacementFilter;
import org.strata.datacenter.spi.PlacementRequest;
import org.strata.datacenter.spi.PlacementWeigher;

/** The affinity filter and weigher over hand-made hosts, as placement runs them. */
public class AffinityPlacementTest {

    private static final Map<String, String> HOST_NAMES = Map.of("id-a", "a", "id-b", "b", "id-c", "c");

    private static Candidate host(String name, Map<String, String> labels) {
        return new Candidate(
                "id-" + name,
                name,
                "kvm",
                "c",
                HostState.AVAILABLE,
                "none",
                labels,
                Set.of("VM_DEFINE"),
                8,
                16384,
                32,
                16384,
                0,
                0,
                -1,
                -1,
                Set.of());
    }

    private static final List<Candidate> HOSTS =
            List.of(host("a", Map.of("rack", "r1")), host("b", Map.of("rack", "r2")), host("c", Map.of("rack", "r2")));

    private static PlacementRequest vm(String policy) {
        return new PlacementRequest(null, "new", null, null, 1, 512, Map.of(), Set.of("VM_DEFINE"), policy);
    }

    private static AffinityRule rule(
            String kind, String enforcement, Map<String, String> labels, Map<String, String> others) {
        AffinityGroup g = new AffinityGroup("g", "c", "web", null, kind, enforcement, List.of(), labels, null);
        Map<String, String> names = new java.util.HashMap<>();
        others.keySet().forEach(vm -> names.put(vm, "vm-" + vm));
        return new AffinityRule(g, others, names, HOST_NAMES);
    }

    private static Ranking.Decision rank(List<AffinityRule> rules, String policy) {
        List<PlacementFilter> filters = new ArrayList<>(BuiltInFilters.all());
        filters.add(filters.size() - 1, new AffinityFilter(rules));
        List<PlacementWeigher> weighers = new ArrayList<>(BuiltInWeighers.all());
        AffinityWeigher should = new AffinityWeigher(rules);
        if (should.hasRules()) {
            weighers.add(should);
        }
        return new Ranking(filters, weighers).rank(HOSTS, vm(policy), true);
    }

    private static HostVerdict verdict(Ranking.Decision d, String host) {
        return d.verdicts().stream()
                .filter(v -> v.hostName().equals(host))
                .findFirst()
                .orElseThrow();
    }

    @Test
    public void mustAntiAffinityRefusesTheHostsOfTheOtherMembersNamingTheGroup() {
        Ranking.Decision d =
                rank(List.of(rule("anti-affinity", "must", Map.of(), Map.of("1", "id-a", "2", "id-b"))), "spread");
        assertEquals("id-c", d.chosenHostId());
        HostVerdict a = verdict(d, "a");
        assertEquals(List.of("affinity: group 'web' (must anti-affinity): 'vm-1' already on this host"), a.refusals());
        // all three taken: nothing fits, and every host says why
        d = rank(
                List.of(rule("anti-affinity", "must", Map.of(), Map.of("1", "id-a", "2", "id-b", "3", "id-c"))),
                "spread");
        assertNull(d.chosenHostId());
        assertTrue(d.verdicts().stream()
                .allMatch(v -> !v.possible() && v.refusals().get(0).contains("group 'web'")));
    }

    @Test
    public void mustAffinityKeepsTheVmWithItsGroupAndAnEmptyGroupGoesAnywhere() {
        Ranking.Decision d = rank(List.of(rule("affinity", "must", Map.of(), Map.of("1", "id-c"))), "spread");
        assertEquals("id-c", d.chosenHostId());
        assertEquals(
                List.of("affinity: group 'web' (must affinity): its VMs are on host 'c'"),
                verdict(d, "a").refusals());
        assertEquals(
                "id-a",
                rank(List.of(rule("affinity", "must", Map.of(), Map.of())), "spread")
                        .chosenHostId());
    }

    @Test
    public void vmToHostRulesFollowTheLabels() {
        Ranking.Decision on = rank(List.of(rule("affinity", "must", Map.of("rack", "r2"), Map.of())), "spread");
        assertEquals("id-b", on.chosenHostId());
        assertTrue(verdict(on, "a").refusals().get(0).contains("must affinity to hosts rack=r2"));
        Ranking.Decision off = rank(List.of(rule("anti-affinity", "must", Map.of("rack", "r1"), Map.of())), "spread");
        assertEquals("id-b", off.chosenHostId());
        assertEquals(2, off.verdicts().stream().filter(HostVerdict::possible).count());
    }

    @Test
    public void shouldRulesWeighTheSameWayWhetherTheClusterSpreadsOrPacks() {
        for (String policy : List.of("spread", "pack")) {
            // the group's members are on a and b: affinity prefers them (b sorts after a, a has two)
            Ranking.Decision together = rank(
                    List.of(rule("affinity", "should", Map.of(), Map.of("1", "id-b", "2", "id-a", "3", "id-a"))),
                    policy);
            assertEquals(policy, "id-a", together.chosenHostId());
            assertEquals(10.0, verdict(together, "a").weights().get("affinity"), 1e-9);
            Ranking.Decision apart =
                    rank(List.of(rule("anti-affinity", "should", Map.of(), Map.of("1", "id-a", "2", "id-b"))), policy);
            assertEquals(policy, "id-c", apart.chosenHostId());
        }
        // without should rules, no affinity weigher
        Ranking.Decision none = rank(List.of(rule("anti-affinity", "must", Map.of(), Map.of())), "spread");
        assertNull(verdict(none, "a").weights().get("affinity"));
    }
}
