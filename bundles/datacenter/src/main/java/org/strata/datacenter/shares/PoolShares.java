package org.strata.datacenter.shares;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.strata.api.inventory.ResourcePool;

/**
 * The CPU weight a VM gets on its hypervisor from the pools above it. libvirt (cgroups) and ESX weigh VMs against the
 * other VMs of their host, with no level for pools, so the tree is flattened: a VM's weight is what the hypervisor
 * gives a VM of its size by default ({@link #BASE_PER_VCPU} per vCPU) times, for its pool and each pool above it,
 * that pool's shares over the normal 4000. Two VMs of a "high" pool (8000) thus weigh twice as much as two of a
 * "normal" one on the same host, which is what the admin who set the shares meant. Pure: built from the pools, asked,
 * thrown away.
 */
public final class PoolShares {

    /** vSphere's "normal" pool shares: a pool with them leaves its VMs' weight as it is. */
    public static final int NORMAL = ResourcePool.NORMAL_SHARES;
    /** The weight per vCPU a VM outside any pool would get (libvirt's cgroup v1 default per VM, per vCPU here). */
    public static final int BASE_PER_VCPU = 1024;
    /**
     * The range every hypervisor takes: on hosts with cgroup v2, libvirt writes {@code cputune/shares} to {@code
     * cpu.weight}, which takes 1..10000 (cgroup v1 and ESX take more).
     */
    public static final int MIN = 2;

    public static final int MAX = 10_000;

    private final Map<String, ResourcePool> pools = new HashMap<>();
    private final Map<String, Double> factors = new HashMap<>();

    public PoolShares(Collection<ResourcePool> all) {
        for (ResourcePool p : all) {
            pools.put(p.id(), p);
        }
    }

    /**
     * The product of {@code shares / 4000} over the pool and its ancestors; 1.0 for a pool not known. A cycle (which
     * the store refuses, but a damaged repository could hold) ends the walk instead of looping.
     */
    public double factor(String poolId) {
        Double known = factors.get(poolId);
        if (known != null) {
            return known;
        }
        double factor = 1.0;
        Set<String> seen = new HashSet<>();
        for (ResourcePool p = pools.get(poolId); p != null && seen.add(p.id()); p = parent(p)) {
            factor *= (double) p.cpuShares() / NORMAL;
        }
        factors.put(poolId, factor);
        return factor;
    }

    /** The CPU weight a VM of {@code vcpus} in the pool gets, within the range the hypervisors take. */
    public int vmShares(String poolId, int vcpus) {
        double weight = Math.max(1, vcpus) * (double) BASE_PER_VCPU * factor(poolId);
        return (int) Math.max(MIN, Math.min(MAX, Math.round(weight)));
    }

    private ResourcePool parent(ResourcePool p) {
        return p.parentId() == null ? null : pools.get(p.parentId());
    }
}
