package org.strata.datacenter.allocation;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmState;

/** Admission of a migration to a host named outright: the must rules of the VM's groups. */
public class MigrationRulesTest {

    /** Hosts h1 (rack r1), h2, h3; VMs a and b on h1, c on h2. */
    private static DatacenterView.Root root() {
        List<Host> hosts = new ArrayList<>();
        Map<String, ClusterHost> members = new HashMap<>();
        for (String h : List.of("h1", "h2", "h3")) {
            hosts.add(new Host(
                    h,
                    h,
                    "dc",
                    null,
                    "demo",
                    "demo://" + h,
                    null,
                    false,
                    HostState.AVAILABLE,
                    null,
                    null,
                    null,
                    null,
                    null));
            members.put(h, new ClusterHost(h, h, "c", "none", h.equals("h1") ? Map.of("rack", "r1") : Map.of()));
        }
        List<VirtualMachine> vms = List.of(vm("a", "h1"), vm("b", "h1"), vm("c", "h2"));
        return new DatacenterView.Root("cluster 'c'", "dc", null, hosts, members, vms, List.of());
    }

    private static VirtualMachine vm(String id, String host) {
        return new VirtualMachine(id, host, id, VmState.RUNNING, 1, 512, id, null, true, null, null, "p");
    }

    private static AffinityGroup group(String kind, String enforcement, Map<String, String> labels, String... vms) {
        return new AffinityGroup("g", "c", "web", null, kind, enforcement, List.of(vms), labels, null);
    }

    @Test
    public void mustAntiAffinityRefusesTheHostOfAnotherMember() {
        List<AffinityGroup> apart = List.of(group("anti-affinity", "must", Map.of(), "a", "c"));
        assertEquals(
                "group 'web' (must anti-affinity): 'c' already on that host",
                MigrationRules.refusal(apart, "a", "h2", root()));
        assertNull(MigrationRules.refusal(apart, "a", "h3", root()));
        // a should rule is placement's and balancing's business, not admission's
        assertNull(MigrationRules.refusal(
                List.of(group("anti-affinity", "should", Map.of(), "a", "c")), "a", "h2", root()));
    }

    @Test
    public void mustAffinityBindsToMembersElsewhereButLetsMembersOfTheSameHostLeaveOneByOne() {
        // a's partner c is on h2: a may only go there
        List<AffinityGroup> withC = List.of(group("affinity", "must", Map.of(), "a", "c"));
        assertEquals(
                "group 'web' (must affinity): its VMs are on host 'h2'",
                MigrationRules.refusal(withC, "a", "h3", root()));
        assertNull(MigrationRules.refusal(withC, "a", "h2", root()));
        // a and b share h1: either may leave first (maintenance), the other then follows
        assertNull(MigrationRules.refusal(List.of(group("affinity", "must", Map.of(), "a", "b")), "a", "h3", root()));
    }

    @Test
    public void mustVmToHostRulesFollowTheLabels() {
        assertEquals(
                "group 'web' (must affinity to hosts rack=r1): the host lacks those labels",
                MigrationRules.refusal(
                        List.of(group("affinity", "must", Map.of("rack", "r1"), "c")), "c", "h3", root()));
        assertEquals(
                "group 'web' (must anti-affinity from hosts rack=r1): the host carries those labels",
                MigrationRules.refusal(
                        List.of(group("anti-affinity", "must", Map.of("rack", "r1"), "c")), "c", "h1", root()));
    }
}
