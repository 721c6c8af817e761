package org.strata.datacenter.allocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.strata.api.StrataException;
import org.strata.api.datacenter.AllocationService;
import org.strata.api.datacenter.PoolUsage;
import org.strata.api.datacenter.Quota;
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.TenantUsage;
import org.strata.api.ha.ClusterHa;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.vm.VirtualMachine;
import org.strata.datacenter.ha.HaAdmission;
import org.strata.datacenter.ha.HaAdmissionData;
import org.strata.engine.AdmissionControl;
import org.strata.engine.VmClaim;
import org.strata.repository.AffinityStore;
import org.strata.repository.ClusterStore;
import org.strata.repository.DatacenterStore;
import org.strata.repository.HaStore;
import org.strata.repository.TenantStore;
import org.strata.repository.VmStore;
import org.strata.repository.VolumeStore;

/**
 * Admission control: tenants' quotas and pools' allocation, and the claims admitted whose tasks have not ended yet.
 * One decision at a time (this object's monitor): it reads the repository, adds the claims in flight, and records the
 * claim it admits before the next decision reads, so that two requests racing for the last capacity cannot both win.
 */
@Component(service = {AdmissionControl.class, AllocationService.class, Ledger.class})
public final class Ledger implements AdmissionControl, AllocationService {

    /** What an admitted claim holds until its task ends. */
    private record Held(
            String poolId,
            String tenantId,
            String hostId,
            long cpus,
            long memoryMb,
            int vms,
            boolean running,
            long quotaCpus,
            long quotaMemoryMb,
            long quotaStorageGb) {}

    private final DatacenterView view;
    private final TenantStore tenants;
    private final VolumeStore volumes;
    private final InventoryService inventory;
    private final AffinityStore affinity;
    private final Map<Long, Held> claims = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<AllocationChanges> listeners = new CopyOnWriteArrayList<>();
    /** The HA settings admission control keeps its promise for; null: no HA admission control. */
    private final HaStore ha;

    @Activate
    public Ledger(
            @Reference DatacenterStore datacenters,
            @Reference ClusterStore clusters,
            @Reference VmStore vms,
            @Reference TenantStore tenants,
            @Reference InventoryService inventory,
            @Reference AffinityStore affinity,
            @Reference VolumeStore volumes,
            @Reference HaStore ha) {
        this(new DatacenterView(datacenters, clusters, vms, inventory), tenants, inventory, affinity, volumes, ha);
    }

    /** Without HA admission control (tests and benchmarks of the rest). */
    public Ledger(
            DatacenterView view,
            TenantStore tenants,
            InventoryService inventory,
            AffinityStore affinity,
            VolumeStore volumes) {
        this(view, tenants, inventory, affinity, volumes, null);
    }

    public Ledger(
            DatacenterView view,
            TenantStore tenants,
            InventoryService inventory,
            AffinityStore affinity,
            VolumeStore volumes,
            HaStore ha) {
        this.ha = ha;
        this.view = view;
        this.tenants = tenants;
        this.volumes = volumes;
        this.inventory = inventory;
        this.affinity = affinity;
    }

    public DatacenterView view() {
        return view;
    }

    @Override
    public synchronized Admission admit(VmClaim claim) {
        ResourcePool pool = claim.poolId() == null ? null : view.pool(claim.poolId());
        String tenantId = pool == null ? null : pool.tenantId();
        Held held;
        switch (claim.kind()) {
            case CREATE -> {
                checkHostFitsPool(claim.hostId(), pool);
                // Placement places VMs that are to run: a pool that could not start the VM refuses its creation too,
                // where vSphere would define it and refuse its power-on (docs/architecture.md).
                if (pool != null) {
                    checkPool(view.rootOf(pool), claim.poolId(), claim.cpus(), claim.memoryMb());
                }
                checkQuota(tenantId, new long[] {1, claim.cpus(), claim.memoryMb(), claim.storageGb()}, claim.vmName());
                held = new Held(
                        claim.poolId(),
                        tenantId,
                        null,
                        0,
                        0,
                        1,
                        false,
                        claim.cpus(),
                        claim.memoryMb(),
                        claim.storageGb());
            }
            case RESIZE -> {
                VirtualMachine vm = inventoryVm(claim.vmId());
                long cpus = claim.cpus() - vm.cpus();
                long memory = claim.memoryMb() - vm.memoryMb();
                // The storage it has now, counted as the tenant's VMs are: a disk attached or a spec with new disks.
                long storage = tenantId == null ? 0 : claim.storageGb() - volumes.storageGb(vm.spec());
                checkQuota(tenantId, new long[] {0, cpus, memory, storage}, claim.vmName());
                held = new Held(
                        claim.poolId(),
                        tenantId,
                        null,
                        0,
                        0,
                        0,
                        false,
                        Math.max(cpus, 0),
                        Math.max(memory, 0),
                        Math.max(storage, 0));
            }
            case START -> {
                DatacenterView.Root root = view.rootOfHost(claim.hostId());
                checkPool(root, claim.poolId(), claim.cpus(), claim.memoryMb());
                checkHost(root, claim.hostId(), claim.cpus(), claim.memoryMb(), claim.vmName());
                checkHa(root, claim, false);
                held = new Held(
                        claim.poolId(), tenantId, claim.hostId(), claim.cpus(), claim.memoryMb(), 0, true, 0, 0, 0);
            }
            case MIGRATE -> {
                checkHostFitsPool(claim.hostId(), pool);
                DatacenterView.Root root = view.rootOfHost(claim.hostId());
                checkMaintenance(root, claim.hostId());
                String broken =
                        MigrationRules.refusal(affinity.groupsOfVm(claim.vmId()), claim.vmId(), claim.hostId(), root);
                if (broken != null) {
                    throw StrataException.conflict("VM '" + claim.vmName() + "' cannot move to host '"
                            + inventory.host(claim.hostId()).name() + "': " + broken);
                }
                checkHost(root, claim.hostId(), claim.cpus(), claim.memoryMb(), claim.vmName());
                checkHa(root, claim, true);
                // Its pool holds it already; the destination host is what it takes anew.
                held = new Held(null, tenantId, claim.hostId(), claim.cpus(), claim.memoryMb(), 0, true, 0, 0, 0);
            }
            default -> throw new IllegalStateException("unknown claim " + claim.kind());
        }
        long id = ids.incrementAndGet();
        claims.put(id, held);
        return () -> release(id);
    }

    private synchronized void release(long id) {
        Held held = claims.remove(id);
        if (held != null && held.poolId() != null) {
            tell(held.poolId());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addListener(AllocationChanges listener) {
        listeners.add(listener);
    }

    void removeListener(AllocationChanges listener) {
        listeners.remove(listener);
    }

    private void tell(String poolId) {
        for (AllocationChanges l : listeners) {
            l.changed(poolId);
        }
    }

    @Override
    public synchronized void checkPool(String poolId, PoolSpec spec) {
        String parentId = spec.parentId();
        ResourcePool existing = poolId == null ? null : view.pool(poolId);
        ResourcePool parent = parentId == null ? null : reference(() -> view.pool(parentId));
        String clusterId = spec.clusterId() != null
                ? spec.clusterId()
                : parent != null && parent.clusterId() != null
                        ? parent.clusterId()
                        : existing == null ? null : existing.clusterId();
        long cpu = spec.cpuReservation() != null
                ? spec.cpuReservation()
                : existing == null ? 0 : existing.cpuReservation();
        long memory = spec.memoryReservationMb() != null
                ? spec.memoryReservationMb()
                : existing == null ? 0 : existing.memoryReservationMb();
        if (poolId != null) {
            tell(poolId); // its shares may change with this write
        }
        if (cpu == 0 && memory == 0 && existing == null) {
            return; // a pool that reserves nothing takes nothing from its parent
        }
        String datacenterId = existing != null ? existing.datacenterId() : spec.datacenterId();
        DatacenterView.Root root =
                reference(() -> clusterId != null ? view.cluster(clusterId) : view.datacenter(datacenterId));
        PoolTree tree = root.tree(inFlightByPool(root), PoolTree.Held.NONE);
        String why = tree.poolRefusal(poolId, parentId, cpu, memory);
        if (why != null) {
            throw StrataException.conflict(why);
        }
    }

    /** A pool, cluster or datacenter a request body names: one that does not exist is bad input (400), not 404. */
    private static <T> T reference(java.util.function.Supplier<T> lookup) {
        try {
            return lookup.get();
        } catch (StrataException e) {
            if (e.code() == org.strata.api.ErrorCode.NOT_FOUND) {
                throw StrataException.invalid(e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public synchronized PoolUsage usage(String poolId) {
        ResourcePool pool = view.pool(poolId);
        DatacenterView.Root root = view.rootOf(pool);
        return root.tree(inFlightByPool(root), PoolTree.Held.NONE).usage(poolId);
    }

    @Override
    public synchronized List<PoolUsage> tree(String datacenterId) {
        inventory.datacenter(datacenterId); // NOT_FOUND for an unknown datacenter
        List<PoolUsage> all = new ArrayList<>();
        java.util.Set<String> clusterIds = new java.util.TreeSet<>();
        for (ResourcePool p : view.allPools()) {
            if (datacenterId.equals(p.datacenterId()) && p.clusterId() != null) {
                clusterIds.add(p.clusterId());
            }
        }
        for (String clusterId : clusterIds) {
            DatacenterView.Root root = view.cluster(clusterId);
            all.addAll(root.tree(inFlightByPool(root), PoolTree.Held.NONE).tree());
        }
        DatacenterView.Root rest = view.datacenter(datacenterId);
        all.addAll(rest.tree(inFlightByPool(rest), PoolTree.Held.NONE).tree());
        return all;
    }

    /** Why the pool cannot give this much more now, or null: what placement's pool filter says for every host. */
    public synchronized String poolRefusal(String poolId, int cpus, long memoryMb) {
        ResourcePool pool = view.pool(poolId);
        DatacenterView.Root root = view.rootOf(pool);
        return root.tree(inFlightByPool(root), PoolTree.Held.NONE).refusal(poolId, cpus, memoryMb);
    }

    /** Why the tenant's quota refuses one more VM of this size, or null. */
    public synchronized String quotaRefusal(String tenantId, int cpus, long memoryMb) {
        try {
            checkQuota(tenantId, new long[] {1, cpus, memoryMb, 0}, "the VM");
            return null;
        } catch (StrataException e) {
            return e.getMessage();
        }
    }

    /** Per host, what the claims in flight hold there (vCPUs, MiB): placement adds it to what runs. */
    public synchronized Map<String, long[]> inFlightByHost() {
        Map<String, long[]> byHost = new HashMap<>();
        for (Held h : claims.values()) {
            if (h.running() && h.hostId() != null) {
                long[] sum = byHost.computeIfAbsent(h.hostId(), k -> new long[2]);
                sum[0] += h.cpus();
                sum[1] += h.memoryMb();
            }
        }
        return byHost;
    }

    public synchronized TenantUsage tenantUsage(Tenant tenant) {
        long[] used = tenantHolds(tenant.id(), true);
        return new TenantUsage(tenant.id(), tenant.quota(), (int) used[0], (int) used[1], used[2], used[3]);
    }

    // ---- the checks

    /**
     * Refuses with CONFLICT, naming the quota, when the tenant cannot take {@code asked} more: VMs, vCPUs, MiB and GiB
     * of storage, in that order.
     */
    private void checkQuota(String tenantId, long[] asked, String vmName) {
        if (tenantId == null) {
            return;
        }
        Tenant tenant = tenants.tenant(tenantId).orElse(null);
        if (tenant == null) {
            return;
        }
        Quota quota = tenant.quota();
        long vms = asked[0];
        long cpus = asked[1];
        long memoryMb = asked[2];
        long storageGb = asked[3];
        // Storage is read from the volume record only when a storage quota can refuse.
        long[] used = tenantHolds(tenantId, quota.storageGb() != null && storageGb > 0);
        String t = "tenant '" + tenant.name() + "'";
        if (quota.vms() != null && vms > 0 && used[0] + vms > quota.vms()) {
            throw StrataException.conflict(t + " has reached its quota of " + quota.vms() + " VMs (" + used[0]
                    + " exist): " + vmName + " would exceed it");
        }
        if (quota.cpus() != null && cpus > 0 && used[1] + cpus > quota.cpus()) {
            throw StrataException.conflict(t + " would exceed its quota of " + quota.cpus() + " vCPUs: " + used[1]
                    + " are allocated, " + vmName + " asks for " + cpus + " more");
        }
        if (quota.memoryMb() != null && memoryMb > 0 && used[2] + memoryMb > quota.memoryMb()) {
            throw StrataException.conflict(t + " would exceed its quota of " + quota.memoryMb() + " MiB of memory: "
                    + used[2] + " are allocated, " + vmName + " asks for " + memoryMb + " more");
        }
        if (quota.storageGb() != null && storageGb > 0 && used[3] + storageGb > quota.storageGb()) {
            throw StrataException.conflict(t + " would exceed its quota of " + quota.storageGb() + " GiB of storage: "
                    + used[3] + " are allocated, " + vmName + " asks for " + storageGb + " more");
        }
    }

    /**
     * VMs, vCPUs, MiB and GiB of storage the tenant holds: all its VMs whatever their state, and its claims in flight.
     * Storage (one read of the volume record) only when asked for; 0 otherwise.
     */
    private long[] tenantHolds(String tenantId, boolean withStorage) {
        long[] used = new long[4];
        List<VirtualMachine> vms = view.vmsOfTenant(tenantId);
        for (VirtualMachine vm : vms) {
            used[0]++;
            used[1] += vm.cpus();
            used[2] += vm.memoryMb();
        }
        if (withStorage) {
            used[3] = volumes.storageGb(vms.stream()
                    .map(VirtualMachine::spec)
                    .filter(java.util.Objects::nonNull)
                    .toList());
        }
        for (Held h : claims.values()) {
            if (tenantId.equals(h.tenantId())) {
                used[0] += h.vms();
                used[1] += h.quotaCpus();
                used[2] += h.quotaMemoryMb();
                used[3] += withStorage ? h.quotaStorageGb() : 0;
            }
        }
        return used;
    }

    private void checkPool(DatacenterView.Root root, String poolId, int cpus, long memoryMb) {
        PoolTree tree = root.tree(inFlightByPool(root), PoolTree.Held.NONE);
        String why = poolId != null && tree.contains(poolId)
                ? tree.refusal(poolId, cpus, memoryMb)
                : tree.refusal(null, cpus, memoryMb);
        if (why != null) {
            throw StrataException.conflict(why);
        }
    }

    private void checkHost(DatacenterView.Root root, String hostId, int cpus, long memoryMb, String vmName) {
        Host host = root.hosts().stream()
                .filter(h -> h.id().equals(hostId))
                .findFirst()
                .orElse(null);
        if (host == null || host.info() == null) {
            return; // not contacted yet: the hypervisor will say whether it fits
        }
        long[] allocated = {0, 0};
        for (VirtualMachine vm : root.vms()) {
            if (hostId.equals(vm.hostId()) && DatacenterView.allocated(vm)) {
                allocated[0] += vm.cpus();
                allocated[1] += vm.memoryMb();
            }
        }
        long[] flight = inFlightByHost().getOrDefault(hostId, new long[2]);
        double cpuCapacity = host.info().cpus() * root.cpuOvercommit();
        double memoryCapacity = host.info().memoryMb() * root.memoryOvercommit();
        if (allocated[0] + flight[0] + cpus > cpuCapacity) {
            throw StrataException.conflict("host '" + host.name() + "' cannot take " + cpus + " more vCPUs for "
                    + vmName + ": " + (allocated[0] + flight[0]) + " of " + (long) cpuCapacity + " are allocated");
        }
        if (allocated[1] + flight[1] + memoryMb > memoryCapacity) {
            throw StrataException.conflict("host '" + host.name() + "' cannot take " + memoryMb + " more MiB for "
                    + vmName + ": " + (allocated[1] + flight[1]) + " of " + (long) memoryCapacity + " are allocated");
        }
    }

    /**
     * HA admission control (docs/ha.md): a VM that starts in an HA cluster must leave room for the restarts the cluster
     * promises; one that moves live within the cluster changes no total, so only the failover hosts' rule applies to it.
     * Claims admitted and not yet ended count as running HA VMs, the cautious reading.
     */
    private void checkHa(DatacenterView.Root root, VmClaim claim, boolean move) {
        if (ha == null || root.cluster() == null) {
            return;
        }
        ClusterHa policy = ha.clusterHa(root.cluster().id()).orElse(null);
        if (policy == null
                || !policy.enabled()
                || policy.admission() == org.strata.api.ha.Admission.NONE
                || (move && policy.admission() != org.strata.api.ha.Admission.FAILOVER_HOSTS)) {
            return;
        }
        // Only the room policies count the cluster's load: the failover hosts' rule needs the claim's host alone, and
        // reading every HA VM's settings is the most a start pays here.
        boolean counts = policy.admission() != org.strata.api.ha.Admission.FAILOVER_HOSTS;
        Set<String> haVms = counts ? ha.enabled().keySet() : Set.of();
        List<HaAdmission.Load> running = new ArrayList<>();
        if (counts) {
            running.addAll(HaAdmissionData.loads(root, haVms, claim.vmId()));
            inFlightByHost()
                    .forEach((hostId, held) -> running.add(new HaAdmission.Load(null, hostId, held[0], held[1], true)));
        }
        String refusal = HaAdmission.refusal(
                policy,
                HaAdmissionData.rooms(root),
                running,
                new HaAdmission.Load(
                        claim.vmId(), claim.hostId(), claim.cpus(), claim.memoryMb(), haVms.contains(claim.vmId())),
                "VM '" + claim.vmName() + "'");
        if (refusal != null) {
            throw StrataException.conflict(refusal);
        }
    }

    private void checkMaintenance(DatacenterView.Root root, String hostId) {
        String state = root.maintenance(hostId);
        if (!"none".equals(state)) {
            Host host = inventory.host(hostId);
            throw StrataException.conflict("host '" + host.name() + "' is " + state + " maintenance: it takes no VMs");
        }
    }

    /** A VM of a pool that runs on one cluster goes on a host of that cluster, and on none in maintenance. */
    private void checkHostFitsPool(String hostId, ResourcePool pool) {
        DatacenterView.Root root = view.rootOfHost(hostId);
        checkMaintenance(root, hostId);
        if (pool == null) {
            return;
        }
        String hostCluster = root.cluster() == null ? null : root.cluster().id();
        if (pool.clusterId() != null && !pool.clusterId().equals(hostCluster)) {
            Host host = inventory.host(hostId);
            throw StrataException.invalid("host '" + host.name() + "' is not in the cluster of pool '" + pool.name()
                    + "': its VMs run on " + view.cluster(pool.clusterId()).name());
        }
    }

    private Map<String, PoolTree.Held> inFlightByPool(DatacenterView.Root root) {
        Map<String, PoolTree.Held> extra = new HashMap<>();
        for (Held h : claims.values()) {
            if (h.running() && h.poolId() != null) {
                extra.merge(
                        h.poolId(),
                        new PoolTree.Held(h.cpus(), h.memoryMb(), 0, 0),
                        (a, b) -> new PoolTree.Held(a.cpus() + b.cpus(), a.memoryMb() + b.memoryMb(), 0, 0));
            }
        }
        return extra;
    }

    private VirtualMachine inventoryVm(String vmId) {
        return view.vm(vmId);
    }
}
