package org.strata.datacenter.allocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.strata.api.datacenter.Allocation;
import org.strata.api.datacenter.PoolUsage;
import org.strata.api.inventory.ResourcePool;

/**
 * The pools that share one capacity (a cluster's hosts, or the hosts of a datacenter for pools in no cluster), with
 * what each holds, and the rules of vSphere's resource pools over them:
 *
 * <ul>
 *   <li>a pool <em>uses</em> what its powered-on VMs are allocated plus, for each child pool, the larger of the
 *       child's reservation and the child's use: a child holds its reservation from its parent whether it uses it or
 *       not, and more once it has borrowed;
 *   <li>a claim is first met from the pool's unused reservation; the rest is borrowed from the parent, which only an
 *       <em>expandable</em> pool may do, and which the parent meets by the same rule, up to the capacity at the root;
 *   <li>a pool's use never exceeds its limit.
 * </ul>
 *
 * CPU and memory are judged apart, each by these rules. Pure: built from a snapshot, asked, thrown away.
 */
public final class PoolTree {

    /** What the VMs directly in one pool hold now: allocation of the powered-on ones, and counts. */
    public record Held(long cpus, long memoryMb, int vms, int running) {
        public static final Held NONE = new Held(0, 0, 0, 0);

        Held plus(Held other) {
            return new Held(cpus + other.cpus, memoryMb + other.memoryMb, vms + other.vms, running + other.running);
        }
    }

    private final String rootName;
    private final long cpuCapacity;
    private final long memoryCapacityMb;
    private final Held outsidePools;
    private final Map<String, ResourcePool> pools = new HashMap<>();
    private final Map<String, List<ResourcePool>> children = new HashMap<>();
    private final List<ResourcePool> tops = new ArrayList<>();
    private final Map<String, Held> held;

    /**
     * @param rootName       what the root is called in messages ("cluster 'prod'")
     * @param outsidePools   what VMs in no pool hold of the same capacity
     * @param held           per pool id, what its own VMs hold (pools not named hold nothing)
     */
    public PoolTree(
            String rootName,
            long cpuCapacity,
            long memoryCapacityMb,
            List<ResourcePool> members,
            Map<String, Held> held,
            Held outsidePools) {
        this.rootName = rootName;
        this.cpuCapacity = cpuCapacity;
        this.memoryCapacityMb = memoryCapacityMb;
        this.outsidePools = outsidePools;
        this.held = held;
        for (ResourcePool p : members) {
            pools.put(p.id(), p);
        }
        for (ResourcePool p : members) {
            if (p.parentId() == null || !pools.containsKey(p.parentId())) {
                tops.add(p);
            } else {
                children.computeIfAbsent(p.parentId(), k -> new ArrayList<>()).add(p);
            }
        }
    }

    public boolean contains(String poolId) {
        return pools.containsKey(poolId);
    }

    /** CPU (index 0) and memory (index 1) used by the pool, as defined above. */
    long[] used(String poolId) {
        ResourcePool pool = pools.get(poolId);
        Held own = held.getOrDefault(poolId, Held.NONE);
        long cpu = own.cpus();
        long memory = own.memoryMb();
        for (ResourcePool child : children.getOrDefault(poolId, List.of())) {
            long[] c = used(child.id());
            cpu += Math.max(child.cpuReservation(), c[0]);
            memory += Math.max(child.memoryReservationMb(), c[1]);
        }
        assert pool != null;
        return new long[] {cpu, memory};
    }

    long[] rootUsed() {
        long cpu = outsidePools.cpus();
        long memory = outsidePools.memoryMb();
        for (ResourcePool top : tops) {
            long[] c = used(top.id());
            cpu += Math.max(top.cpuReservation(), c[0]);
            memory += Math.max(top.memoryReservationMb(), c[1]);
        }
        return new long[] {cpu, memory};
    }

    /**
     * Why the pool cannot give {@code cpus} vCPUs and {@code memoryMb} MiB more to its VMs, or null when it can. The
     * message names the pool (or the root) where the claim stops, and what is missing there.
     */
    public String refusal(String poolId, long cpus, long memoryMb) {
        String cpu = refusal(poolId, 0, cpus, "vCPUs");
        return cpu != null ? cpu : refusal(poolId, 1, memoryMb, "MiB of memory");
    }

    private String refusal(String poolId, int r, long amount, String unit) {
        if (amount <= 0) {
            return null;
        }
        if (poolId == null) {
            long available = capacity(r) - rootUsed()[r];
            return amount <= available
                    ? null
                    : rootName + " cannot give " + amount + " " + unit + ": " + Math.max(available, 0) + " of "
                            + capacity(r) + " are unallocated";
        }
        ResourcePool pool = pools.get(poolId);
        long used = used(poolId)[r];
        Long limit = r == 0 ? toLong(pool.cpuLimit()) : pool.memoryLimitMb();
        if (limit != null && used + amount > limit) {
            return "pool '" + pool.name() + "' cannot give " + amount + " " + unit + ": its limit is " + limit + " and "
                    + used + " are in use";
        }
        long reservation = r == 0 ? pool.cpuReservation() : pool.memoryReservationMb();
        long own = Math.max(reservation - used, 0);
        if (amount <= own) {
            return null;
        }
        if (!pool.expandable()) {
            return "pool '" + pool.name() + "' cannot give " + amount + " " + unit + ": " + own + " of its reservation"
                    + " of " + reservation + " are left and its reservation is not expandable";
        }
        String parent = pool.parentId() != null && pools.containsKey(pool.parentId()) ? pool.parentId() : null;
        String above = refusal(parent, r, amount - own, unit);
        return above == null
                ? null
                : "pool '" + pool.name() + "' cannot give " + amount + " " + unit + " (" + own + " left of its own"
                        + " reservation, the rest to borrow): " + above;
    }

    /**
     * Why the parent cannot hold a pool with these reservations (a new pool: {@code poolId} null), or null. A pool
     * moved or resized holds the larger of its reservation and its use from its parent: only the growth is claimed.
     */
    public String poolRefusal(String poolId, String parentId, long cpuReservation, long memoryReservationMb) {
        long[] before = {0, 0};
        long[] use = {0, 0};
        ResourcePool existing = poolId == null ? null : pools.get(poolId);
        if (existing != null) {
            use = used(poolId);
            boolean sameParent = java.util.Objects.equals(existing.parentId(), parentId);
            if (sameParent) {
                before = new long[] {
                    Math.max(existing.cpuReservation(), use[0]), Math.max(existing.memoryReservationMb(), use[1])
                };
            }
        }
        long cpuGrowth = Math.max(cpuReservation, use[0]) - before[0];
        long memoryGrowth = Math.max(memoryReservationMb, use[1]) - before[1];
        String parent = parentId != null && pools.containsKey(parentId) ? parentId : null;
        String cpu = refusal(parent, 0, cpuGrowth, "vCPUs of reservation");
        return cpu != null ? cpu : refusal(parent, 1, memoryGrowth, "MiB of memory reservation");
    }

    /** The pool with its subtree: reserved, used and available. */
    public PoolUsage usage(String poolId) {
        ResourcePool pool = pools.get(poolId);
        long[] used = used(poolId);
        Held own = held.getOrDefault(poolId, Held.NONE);
        List<PoolUsage> kids = new ArrayList<>();
        Held subtree = own;
        for (ResourcePool child : children.getOrDefault(poolId, List.of())) {
            PoolUsage c = usage(child.id());
            kids.add(c);
            subtree = subtree.plus(new Held(0, 0, c.vms(), c.runningVms()));
        }
        return new PoolUsage(
                pool.id(),
                pool.name(),
                pool.parentId(),
                pool.clusterId(),
                pool.tenantId(),
                pool.expandable(),
                new Allocation(pool.cpuReservation(), used[0], available(poolId, 0), toLong(pool.cpuLimit())),
                new Allocation(pool.memoryReservationMb(), used[1], available(poolId, 1), pool.memoryLimitMb()),
                subtree.vms(),
                subtree.running(),
                kids);
    }

    public List<PoolUsage> tree() {
        return tops.stream().map(p -> usage(p.id())).toList();
    }

    /** What one more claim could get in the pool. */
    long available(String poolId, int r) {
        if (poolId == null) {
            return Math.max(capacity(r) - rootUsed()[r], 0);
        }
        ResourcePool pool = pools.get(poolId);
        long used = used(poolId)[r];
        long reservation = r == 0 ? pool.cpuReservation() : pool.memoryReservationMb();
        long available = Math.max(reservation - used, 0);
        if (pool.expandable()) {
            String parent = pool.parentId() != null && pools.containsKey(pool.parentId()) ? pool.parentId() : null;
            available += available(parent, r);
        }
        Long limit = r == 0 ? toLong(pool.cpuLimit()) : pool.memoryLimitMb();
        return limit == null ? available : Math.max(Math.min(available, limit - used), 0);
    }

    private long capacity(int r) {
        return r == 0 ? cpuCapacity : memoryCapacityMb;
    }

    private static Long toLong(Integer v) {
        return v == null ? null : v.longValue();
    }
}
