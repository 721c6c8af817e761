package org.strata.datacenter.balance;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Replays a balancing plan on its snapshot, independently of the planner's own bookkeeping, and checks the rules every
 * plan must keep: a VM moves once, from where it runs, only if it can move, between hosts that accept VMs; no target
 * ends a move over the high-water mark; each move gains at least the least gain; the figures the plan gives agree.
 */
final class Verifier {

    private Verifier() {}

    /** Returns each active host's CPU and memory load after the plan. */
    static Map<String, double[]> check(ClusterSnapshot snapshot, BalancingPolicy policy, BalancingPlan plan) {
        Map<String, HostSnapshot> hosts = new HashMap<>();
        Map<String, double[]> used = new HashMap<>();
        for (HostSnapshot h : snapshot.hosts()) {
            hosts.put(h.id(), h);
            if (h.active()) {
                used.put(h.id(), new double[] {h.cpuUsed(), h.memoryUsedMib()});
            }
        }
        Map<String, VmSnapshot> vms = new HashMap<>();
        for (VmSnapshot vm : snapshot.vms()) {
            vms.put(vm.id(), vm);
        }
        assertTrue(plan.migrations().size() <= policy.maxMigrations());
        assertEquals(sigma(hosts, used), plan.imbalanceBefore(), 1e-9);
        Set<String> moved = new HashSet<>();
        double before = plan.imbalanceBefore();
        for (Migration m : plan.migrations()) {
            VmSnapshot vm = vms.get(m.vmId());
            assertTrue(m + " moves a VM twice", moved.add(m.vmId()));
            assertTrue(m + " moves a pinned VM", vm.canMove());
            assertEquals(vm.hostId(), m.fromHostId());
            assertNotEquals(m.fromHostId(), m.toHostId());
            assertTrue(hosts.get(m.fromHostId()).active());
            assertTrue(hosts.get(m.toHostId()).active());
            double[] from = used.get(m.fromHostId());
            double[] to = used.get(m.toHostId());
            from[0] = Math.max(0, from[0] - vm.cpuUsed());
            from[1] = Math.max(0, from[1] - vm.memoryUsedMib());
            to[0] += vm.cpuUsed();
            to[1] += vm.memoryUsedMib();
            HostSnapshot target = hosts.get(m.toHostId());
            assertTrue(m + " overloads its target", to[0] / target.cpuCapacity() <= policy.highWater() + 1e-12);
            assertTrue(m + " overloads its target", to[1] / target.memoryMib() <= policy.highWater() + 1e-12);
            double after = sigma(hosts, used);
            assertEquals(m.toString(), after, m.imbalanceAfter(), 1e-9);
            int n = used.size();
            double gain = n * (before * before - after * after);
            assertEquals(m.toString(), gain, m.gain(), 1e-7);
            assertTrue(m + " gains too little", m.gain() >= policy.minGain());
            before = after;
        }
        assertEquals(before, plan.imbalanceAfter(), 1e-9);
        for (Exclusion e : plan.excluded()) {
            assertFalse(vms.get(e.vmId()).canMove());
            assertFalse(moved.contains(e.vmId()));
        }
        Map<String, double[]> loads = new HashMap<>();
        used.forEach((id, u) -> loads.put(id, new double[] {
            u[0] / hosts.get(id).cpuCapacity(), u[1] / hosts.get(id).memoryMib()
        }));
        return loads;
    }

    private static double sigma(Map<String, HostSnapshot> hosts, Map<String, double[]> used) {
        int n = used.size();
        double mc = 0;
        double mm = 0;
        for (Map.Entry<String, double[]> e : used.entrySet()) {
            mc += e.getValue()[0] / hosts.get(e.getKey()).cpuCapacity();
            mm += e.getValue()[1] / hosts.get(e.getKey()).memoryMib();
        }
        mc /= n;
        mm /= n;
        double vc = 0;
        double vm = 0;
        for (Map.Entry<String, double[]> e : used.entrySet()) {
            double c = e.getValue()[0] / hosts.get(e.getKey()).cpuCapacity() - mc;
            double m = e.getValue()[1] / hosts.get(e.getKey()).memoryMib() - mm;
            vc += c * c;
            vm += m * m;
        }
        return Math.sqrt((vc / n + vm / n) / 2);
    }
}
