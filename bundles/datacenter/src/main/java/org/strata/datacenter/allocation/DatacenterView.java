package org.strata.datacenter.allocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmState;
import org.strata.repository.ClusterStore;
import org.strata.repository.DatacenterStore;
import org.strata.repository.VmStore;

/**
 * Reads, for one decision, what a capacity root holds: a cluster with its hosts, or a datacenter's hypervisor hosts in
 * no cluster, with their VMs and the pools that draw on them. Nothing is cached: every decision sees the repository as
 * it is (a cache kept by events is for when the reads show in the figures).
 */
public final class DatacenterView {

    /** A cluster's overcommit when there is no cluster: CloudStack's and oVirt's usual defaults. */
    public static final double DEFAULT_CPU_OVERCOMMIT = 4.0;

    public static final double DEFAULT_MEMORY_OVERCOMMIT = 1.0;

    private static final int HOSTS_READ_ONE_BY_ONE = 32;

    private final DatacenterStore datacenters;
    private final ClusterStore clusters;
    private final VmStore vms;
    private final InventoryService inventory;

    public DatacenterView(DatacenterStore datacenters, ClusterStore clusters, VmStore vms, InventoryService inventory) {
        this.datacenters = datacenters;
        this.clusters = clusters;
        this.vms = vms;
        this.inventory = inventory;
    }

    /**
     * What shares one capacity.
     *
     * @param cluster null for a datacenter's hosts in no cluster
     * @param members the hosts' memberships (empty without a cluster)
     */
    public record Root(
            String name,
            String datacenterId,
            Cluster cluster,
            List<Host> hosts,
            Map<String, ClusterHost> members,
            List<VirtualMachine> vms,
            List<ResourcePool> pools) {

        public double cpuOvercommit() {
            return cluster == null ? DEFAULT_CPU_OVERCOMMIT : cluster.cpuOvercommit();
        }

        public double memoryOvercommit() {
            return cluster == null ? DEFAULT_MEMORY_OVERCOMMIT : cluster.memoryOvercommit();
        }

        public String maintenance(String hostId) {
            ClusterHost member = members.get(hostId);
            return member == null ? "none" : member.maintenance();
        }

        /** Hosts whose capacity counts: all but those in maintenance (a host entering it still runs its VMs). */
        public List<Host> capacityHosts() {
            return hosts.stream().filter(h -> !"in".equals(maintenance(h.id()))).toList();
        }

        public long cpuCapacity() {
            return (long) Math.floor(capacityHosts().stream()
                            .mapToLong(h -> h.info() == null ? 0 : h.info().cpus())
                            .sum()
                    * cpuOvercommit());
        }

        public long memoryCapacityMb() {
            return (long) Math.floor(capacityHosts().stream()
                            .mapToLong(h -> h.info() == null ? 0 : h.info().memoryMb())
                            .sum()
                    * memoryOvercommit());
        }

        /** The pool tree over this root, with what the VMs hold now plus what {@code extra} adds per pool. */
        public PoolTree tree(Map<String, PoolTree.Held> extra, PoolTree.Held extraOutside) {
            Set<String> ids = new HashSet<>();
            pools.forEach(p -> ids.add(p.id()));
            Map<String, PoolTree.Held> held = new HashMap<>(extra);
            PoolTree.Held outside = extraOutside;
            for (VirtualMachine vm : vms) {
                PoolTree.Held one = new PoolTree.Held(
                        allocated(vm) ? vm.cpus() : 0, allocated(vm) ? vm.memoryMb() : 0, 1, allocated(vm) ? 1 : 0);
                if (vm.poolId() != null && ids.contains(vm.poolId())) {
                    held.merge(vm.poolId(), one, PoolTree.Held::plus);
                } else {
                    outside = outside.plus(one);
                }
            }
            return new PoolTree(name, cpuCapacity(), memoryCapacityMb(), pools, held, outside);
        }
    }

    /** A VM holds its allocation while it is powered on (running or paused), as in vSphere and oVirt. */
    public static boolean allocated(VirtualMachine vm) {
        return vm.state() == VmState.RUNNING || vm.state() == VmState.PAUSED;
    }

    public ResourcePool pool(String poolId) {
        return datacenters.pool(poolId).orElseThrow(() -> StrataException.notFound("pool", poolId));
    }

    /** The root a pool draws on. */
    public Root rootOf(ResourcePool pool) {
        return pool.clusterId() != null ? cluster(pool.clusterId()) : datacenter(pool.datacenterId());
    }

    /** The root a host belongs to: its cluster, or its datacenter's hosts in no cluster. */
    public Root rootOfHost(String hostId) {
        return clusters.membership(hostId)
                .map(m -> cluster(m.clusterId()))
                .orElseGet(() -> datacenter(inventory.host(hostId).datacenterId()));
    }

    public Root cluster(String clusterId) {
        Cluster cluster = clusters.cluster(clusterId).orElseThrow(() -> StrataException.notFound("cluster", clusterId));
        Map<String, ClusterHost> members = new LinkedHashMap<>();
        for (ClusterHost member : clusters.members(clusterId)) {
            members.put(member.hostId(), member);
        }
        List<Host> hosts = hostsOf(cluster.datacenterId(), members.keySet());
        List<ResourcePool> pools = datacenters.allPools().stream()
                .filter(p -> clusterId.equals(p.clusterId()))
                .toList();
        return new Root(
                "cluster '" + cluster.name() + "'",
                cluster.datacenterId(),
                cluster,
                hosts,
                members,
                vms.vmsOfCluster(clusterId),
                pools);
    }

    public Root datacenter(String datacenterId) {
        Set<String> clustered = new HashSet<>();
        clusters.allMembers().forEach(m -> clustered.add(m.hostId()));
        List<Host> hosts = Pages.all(page -> inventory.hosts(datacenterId, page)).stream()
                .filter(h -> h.kind() == HostKind.HYPERVISOR && !clustered.contains(h.id()))
                .toList();
        List<ResourcePool> pools = datacenters.allPools().stream()
                .filter(p -> p.clusterId() == null && datacenterId.equals(p.datacenterId()))
                .toList();
        String name = "datacenter '" + inventory.datacenter(datacenterId).name() + "' (hosts in no cluster)";
        return new Root(name, datacenterId, null, hosts, Map.of(), vmsOf(hosts), pools);
    }

    /** Every VM of every pool of a tenant, whatever its state. */
    public List<VirtualMachine> vmsOfTenant(String tenantId) {
        List<VirtualMachine> all = new ArrayList<>();
        for (ResourcePool pool : datacenters.allPools()) {
            if (tenantId.equals(pool.tenantId())) {
                all.addAll(vms.vmsOfPool(pool.id()));
            }
        }
        return all;
    }

    public VirtualMachine vm(String vmId) {
        return vms.vm(vmId).orElseThrow(() -> StrataException.notFound("vm", vmId));
    }

    public List<ResourcePool> allPools() {
        return datacenters.allPools();
    }

    /**
     * The hosts named, as the inventory shows them. One host costs two queries and a page of 500 of the datacenter's
     * costs two as well: a cluster of more than a few dozen hosts is read page by page (every admission check reads
     * its cluster; at 1,000 hosts one by one that was 2,000 queries per VM create).
     */
    private List<Host> hostsOf(String datacenterId, Set<String> ids) {
        if (ids.size() <= HOSTS_READ_ONE_BY_ONE) {
            List<Host> hosts = new ArrayList<>(ids.size());
            for (String id : ids) {
                hosts.add(inventory.host(id));
            }
            return hosts;
        }
        return Pages.all(page -> inventory.hosts(datacenterId, page)).stream()
                .filter(h -> ids.contains(h.id()))
                .toList();
    }

    private List<VirtualMachine> vmsOf(List<Host> hosts) {
        return vms.vmsOfHosts(hosts.stream().map(Host::id).toList());
    }
}
