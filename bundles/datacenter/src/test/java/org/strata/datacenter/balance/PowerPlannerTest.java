package org.strata.datacenter.balance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
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

public class PowerPlannerTest {

    private static final long GIB = 1024;
    private final PowerPlanner planner = new PowerPlanner();

    /** Four hosts of 64 CPUs and 256 GiB running 10, 8, 3 and 6 VMs of 2 CPUs and 8 GiB: 21 % of the cluster. */
    private static ClusterBuilder quiet() {
        ClusterBuilder b = new ClusterBuilder();
        int[] counts = {10, 8, 3, 6};
        for (int i = 0; i < 4; i++) {
            String h = "h" + (i + 1);
            b.host(h, 64, 256 * GIB).vms(h + "vm", counts[i], h, 2, 8 * GIB);
        }
        return b;
    }

    private static List<String> hostIds(List<PowerOff> off) {
        return off.stream().map(PowerOff::hostId).toList();
    }

    @Test
    public void consolidationEmptiesTheLeastLoadedHostFirst() {
        ClusterSnapshot snapshot = quiet().build();
        PowerPlan one = planner.plan(snapshot, PowerPolicy.defaults(1, 1), List.of(), MoveCheck.any());
        assertEquals(PowerPlan.Action.CONSOLIDATE, one.action());
        assertEquals(List.of("h3"), hostIds(one.powerOff()));
        assertEquals(3, one.powerOff().get(0).moves().size());
        assertEquals(54.0 / 256, one.cpuLoad(), 1e-12);
        assertEquals(54.0 / 192, one.cpuLoadAfter(), 1e-12);
        assertTrue(one.summary(), one.summary().contains("limited by the cap of 1 hosts per round"));
        // h4 is the next round's: h3's VMs go to the hosts that stay, not there to move again
        replay(snapshot, PowerPolicy.defaults(1, 1), one);
        for (Move m : one.powerOff().get(0).moves()) {
            assertTrue(m.toString(), m.toHostId().equals("h1") || m.toHostId().equals("h2"));
        }

        // without the cap: as many as leave the others at most at 63 %: 54 CPUs need 86 CPUs on, two hosts
        PowerPlan all = planner.plan(snapshot, PowerPolicy.defaults(1, 10), List.of(), MoveCheck.any());
        assertEquals(List.of("h3", "h4"), hostIds(all.powerOff()));
        assertEquals(54.0 / 128, all.cpuLoadAfter(), 1e-12);
        Map<String, String> where = replay(snapshot, PowerPolicy.defaults(1, 10), all);
        assertTrue(where.values().stream().allMatch(h -> h.equals("h1") || h.equals("h2")));
    }

    @Test
    public void aHostWithAPinnedVmIsNeverEmptied() {
        ClusterSnapshot snapshot = quiet().pinned(
                        "db-local", "h3", 1, GIB, new Pin(Pin.Kind.LOCAL_DISK, "/var/lib/libvirt/images/db.qcow2"))
                .build();
        PowerPlan plan = planner.plan(snapshot, PowerPolicy.defaults(1, 1), List.of(), MoveCheck.any());
        assertEquals(List.of("h4"), hostIds(plan.powerOff()));
        assertEquals(1, plan.skipped().size());
        assertEquals("h3", plan.skipped().get(0).hostId());
        assertEquals(
                "it runs a VM that cannot move: db-local (local disk /var/lib/libvirt/images/db.qcow2)",
                plan.skipped().get(0).reason());
        replay(snapshot, PowerPolicy.defaults(1, 1), plan);
    }

    @Test
    public void aHostThatMustStayOnIsNamedAndAnotherIsEmptied() {
        ClusterSnapshot snapshot = quiet().build();
        PowerPlan plan = planner.plan(
                snapshot,
                PowerPolicy.defaults(1, 1),
                List.of(),
                MoveCheck.any(),
                Map.of("h3", "it has no BMC (bmcHostId) to power it off and on again with"));
        assertEquals(List.of("h4"), hostIds(plan.powerOff()));
        assertEquals(
                List.of(new HostSkip("h3", "it has no BMC (bmcHostId) to power it off and on again with")),
                plan.skipped());
        replay(snapshot, PowerPolicy.defaults(1, 1), plan);
    }

    @Test
    public void theMinimumOfPoweredOnHostsStays() {
        ClusterBuilder b = new ClusterBuilder();
        for (int i = 1; i <= 4; i++) {
            b.host("h" + i, 64, 256 * GIB).vms("h" + i + "vm", 1 + i, "h" + i, 1, 4 * GIB);
        }
        ClusterSnapshot snapshot = b.build();
        PowerPlan plan = planner.plan(snapshot, PowerPolicy.defaults(3, 10), List.of(), MoveCheck.any());
        assertEquals(List.of("h1"), hostIds(plan.powerOff()));
        assertTrue(plan.summary(), plan.summary().contains("limited by the minimum of 3 powered-on hosts"));
        PowerPlan none = planner.plan(snapshot, PowerPolicy.defaults(4, 10), List.of(), MoveCheck.any());
        assertEquals(List.of(), none.powerOff());
    }

    @Test
    public void consolidationHonoursTheMoveCheck() {
        ClusterSnapshot snapshot = quiet().build();
        PowerPlan notH4 = planner.plan(
                snapshot,
                PowerPolicy.defaults(1, 1),
                List.of(),
                (vm, target, planned) -> !target.id().equals("h4"));
        assertEquals(List.of("h3"), hostIds(notH4.powerOff()));
        for (Move m : notH4.powerOff().get(0).moves()) {
            assertNotEquals("h4", m.toHostId());
        }
        // nothing may move: no host with VMs is emptied, and each says why
        ClusterSnapshot withEmpty = quiet().host("h5", 64, 256 * GIB).build();
        PowerPlan stuck =
                planner.plan(withEmpty, PowerPolicy.defaults(1, 10), List.of(), (vm, target, planned) -> false);
        assertEquals(List.of("h5"), hostIds(stuck.powerOff()));
        assertEquals(List.of(), stuck.powerOff().get(0).moves());
        assertFalse(stuck.skipped().isEmpty());
        for (HostSkip skip : stuck.skipped()) {
            assertTrue(
                    skip.reason(),
                    skip.reason().endsWith("fits on no host that stays on under 81% that the move" + " check allows"));
        }
        // the working copy was rolled back: the hosts left on are as loaded as before
        assertEquals(54.0 / (5 * 64 - 64), stuck.cpuLoadAfter(), 1e-12);
    }

    @Test
    public void withinTheBandNothingHappens() {
        ClusterBuilder b = new ClusterBuilder();
        for (int i = 1; i <= 3; i++) {
            b.host("h" + i, 32, 128 * GIB).vms("h" + i + "vm", 8, "h" + i, 2, 8 * GIB);
        }
        b.standby("s1", 32, 128 * GIB);
        PowerPlan plan = planner.plan(b.build(), PowerPolicy.defaults(1, 10), List.of(), MoveCheck.any());
        assertEquals(PowerPlan.Action.NONE, plan.action());
        assertTrue(plan.summary(), plan.summary().contains("within the band 45% .. 81%, nothing to do"));
    }

    /** Two busy hosts of 32 CPUs (30 used each, 94 %) and powered-off hosts of 16, 16, 32 and 64 CPUs. */
    private static ClusterBuilder busy() {
        return new ClusterBuilder()
                .host("h1", 32, 128 * GIB)
                .host("h2", 32, 128 * GIB)
                .vms("a", 15, "h1", 2, 2 * GIB)
                .vms("b", 15, "h2", 2, 2 * GIB)
                .standby("s16a", 16, 128 * GIB)
                .standby("s16b", 16, 128 * GIB)
                .standby("s32", 32, 128 * GIB)
                .standby("s64", 64, 128 * GIB)
                // the largest, but kept off by an administrator: never chosen
                .off("maint", 128, 512 * GIB);
    }

    @Test
    public void powerOnChoosesTheFewestHostsForTheShortfall() {
        PowerPlan plan = planner.plan(busy().build(), PowerPolicy.defaults(1, 10), List.of(), MoveCheck.any());
        assertEquals(PowerPlan.Action.POWER_ON, plan.action());
        // 60 CPUs used need 95.2 on to be at 63 %: 31.2 missing, which s32 alone covers (the smallest that does)
        assertEquals(
                List.of("s32"), plan.powerOn().stream().map(PowerOn::hostId).toList());
        assertEquals(60.0 / 96, plan.cpuLoadAfter(), 1e-12);
        assertEquals(List.of(), plan.unmet());

        // a reservation of 40 more CPUs: 100 CPUs need 158.7 on, 94.7 missing: s64 then s32, two hosts
        PowerPlan reserved = planner.plan(
                busy().build(),
                PowerPolicy.defaults(1, 10),
                List.of(Demand.reservation("pool gold", 40, 0)),
                MoveCheck.any());
        assertEquals(
                List.of("s64", "s32"),
                reserved.powerOn().stream().map(PowerOn::hostId).toList());
        assertTrue(reserved.cpuLoadAfter() <= 0.63);
        assertTrue(
                reserved.powerOn().get(0).reason(),
                reserved.powerOn().get(0).reason().contains("covers the most"));
    }

    @Test
    public void aVmThatFitsNowherePowersOnTheSmallestHostThatHoldsIt() {
        ClusterSnapshot snapshot = new ClusterBuilder()
                .host("h1", 32, 128 * GIB)
                .host("h2", 32, 128 * GIB)
                .vms("a", 8, "h1", 2, 4 * GIB)
                .vms("b", 8, "h2", 2, 4 * GIB)
                .standby("s24", 24, 128 * GIB)
                .standby("s28", 28, 128 * GIB)
                .standby("s64", 64, 128 * GIB)
                .build();
        // 20 CPUs on one host: 16 + 20 > 81 % of 32; s24 holds 19.4 under 81 %, s28 22.7
        PowerPlan plan = planner.plan(
                snapshot,
                PowerPolicy.defaults(1, 10),
                List.of(Demand.vm("VM big-1", 20, 8 * GIB), Demand.vm("VM huge", 100, GIB)),
                MoveCheck.any());
        assertEquals(PowerPlan.Action.POWER_ON, plan.action());
        assertEquals("s28", plan.powerOn().get(0).hostId());
        assertTrue(
                plan.powerOn().get(0).reason(),
                plan.powerOn().get(0).reason().startsWith("VM big-1 needs 20.00" + " CPUs and 8192 MiB on one host"));
        assertEquals(1, plan.unmet().size());
        assertTrue(plan.unmet().get(0), plan.unmet().get(0).startsWith("VM huge needs 100.00 CPUs"));

        // a VM that fits on a powered-on host needs nothing
        PowerPlan fits = planner.plan(
                snapshot, PowerPolicy.defaults(1, 10), List.of(Demand.vm("VM small", 4, 4 * GIB)), MoveCheck.any());
        assertEquals(PowerPlan.Action.NONE, fits.action());
    }

    @Test
    public void fewerHostsOnThanTheMinimumPowersOnTheLargest() {
        ClusterSnapshot snapshot = new ClusterBuilder()
                .host("h1", 32, 128 * GIB)
                .vms("a", 4, "h1", 2, 4 * GIB)
                .standby("s16", 16, 64 * GIB)
                .standby("s48", 48, 64 * GIB)
                .build();
        PowerPlan plan = planner.plan(snapshot, PowerPolicy.defaults(2, 10), List.of(), MoveCheck.any());
        assertEquals(
                List.of("s48"), plan.powerOn().stream().map(PowerOn::hostId).toList());
    }

    /** Greedy against every subset: with one resource short it is the fewest; with both, at most one more. */
    @Test
    public void powerOnIsTheFewestAgainstEverySubset() {
        Random random = new Random(3);
        for (int round = 0; round < 300; round++) {
            boolean bothShort = round % 2 == 1;
            ClusterBuilder b = new ClusterBuilder().host("h1", 32, 128 * GIB).vms("a", 16, "h1", 2, 8 * GIB);
            int standby = 3 + random.nextInt(7);
            double[] cpus = new double[standby];
            long[] mems = new long[standby];
            for (int i = 0; i < standby; i++) {
                cpus[i] = 8 * (1 + random.nextInt(8));
                mems[i] = bothShort ? GIB * 16 * (1 + random.nextInt(8)) : 1024 * GIB;
                b.standby("s" + i, cpus[i], mems[i]);
            }
            double cpu = 20 + random.nextInt(150);
            long mem = bothShort ? GIB * (50 + random.nextInt(400)) : 0;
            PowerPlan plan = planner.plan(
                    b.build(),
                    PowerPolicy.defaults(1, 10),
                    List.of(Demand.reservation("r", cpu, mem)),
                    MoveCheck.any());
            double wantCpu = (32 + cpu) / 0.63 - 32;
            double wantMem = (128 * GIB + mem) / 0.63 - 128 * GIB;
            int best = Integer.MAX_VALUE;
            for (int set = 0; set < (1 << standby); set++) {
                double c = 0;
                double m = 0;
                for (int i = 0; i < standby; i++) {
                    if ((set & (1 << i)) != 0) {
                        c += cpus[i];
                        m += mems[i];
                    }
                }
                if (c >= wantCpu - 1e-3 && m >= wantMem - 1e-3) {
                    best = Math.min(best, Integer.bitCount(set));
                }
            }
            if (best == Integer.MAX_VALUE) {
                assertFalse(plan.unmet().isEmpty());
                continue;
            }
            assertEquals(plan.unmet().toString(), List.of(), plan.unmet());
            int chosen = plan.powerOn().size();
            if (bothShort) {
                assertTrue(chosen + " hosts where " + best + " do", chosen <= best + 1);
            } else {
                assertEquals(best, chosen);
            }
        }
    }

    @Test
    public void aLargeClusterConsolidatesWithinEveryRule() {
        ClusterSnapshot snapshot = RandomCluster.generate(1000, 12, 5);
        PowerPolicy policy = PowerPolicy.defaults(10, 50);
        MoveCheck check = (vm, target, planned) ->
                Math.floorMod(vm.id().hashCode() * 31 + target.id().hashCode(), 7) != 0;
        PowerPlan plan = planner.plan(snapshot, policy, List.of(), check);
        assertEquals(PowerPlan.Action.CONSOLIDATE, plan.action());
        assertEquals(50, plan.powerOff().size());
        replay(snapshot, policy, plan);
        // the same input in another order gives the same plan
        List<HostSnapshot> hosts = new ArrayList<>(snapshot.hosts());
        List<VmSnapshot> vms = new ArrayList<>(snapshot.vms());
        Collections.shuffle(hosts, new Random(1));
        Collections.shuffle(vms, new Random(2));
        assertEquals(
                plan, planner.plan(new ClusterSnapshot(snapshot.clusterId(), hosts, vms), policy, List.of(), check));
    }

    /**
     * Replays a consolidation on its snapshot: every move leaves a host being emptied for a host that stays on, under
     * the band's top; no pinned VM moves; the emptied hosts end with no VM. Returns where each VM ends.
     */
    private static Map<String, String> replay(ClusterSnapshot snapshot, PowerPolicy policy, PowerPlan plan) {
        Map<String, HostSnapshot> hosts = new HashMap<>();
        Map<String, double[]> used = new HashMap<>();
        for (HostSnapshot h : snapshot.hosts()) {
            hosts.put(h.id(), h);
            used.put(h.id(), new double[] {h.cpuUsed(), h.memoryUsedMib()});
        }
        Map<String, String> where = new HashMap<>();
        Map<String, VmSnapshot> vms = new HashMap<>();
        for (VmSnapshot vm : snapshot.vms()) {
            where.put(vm.id(), vm.hostId());
            vms.put(vm.id(), vm);
        }
        Set<String> off = new HashSet<>();
        for (PowerOff p : plan.powerOff()) {
            off.add(p.hostId());
            assertTrue(hosts.get(p.hostId()).active());
        }
        for (PowerOff p : plan.powerOff()) {
            for (Move m : p.moves()) {
                VmSnapshot vm = vms.get(m.vmId());
                assertTrue(vm.canMove());
                assertEquals(p.hostId(), m.fromHostId());
                assertEquals(p.hostId(), where.get(m.vmId()));
                assertFalse(m + " goes to a host being emptied", off.contains(m.toHostId()));
                HostSnapshot to = hosts.get(m.toHostId());
                assertTrue(to.active());
                double[] u = used.get(m.toHostId());
                u[0] += vm.cpuUsed();
                u[1] += vm.memoryUsedMib();
                assertTrue(m + " overloads its target", u[0] <= policy.high() * to.cpuCapacity() + 1e-9);
                assertTrue(m + " overloads its target", u[1] <= policy.high() * to.memoryMib() + 1e-9);
                where.put(m.vmId(), m.toHostId());
            }
        }
        for (Map.Entry<String, String> e : where.entrySet()) {
            assertFalse(e.getKey() + " is left on a host powered off", off.contains(e.getValue()));
        }
        return where;
    }
}
