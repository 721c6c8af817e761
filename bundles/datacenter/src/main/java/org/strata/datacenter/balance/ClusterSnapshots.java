package org.strata.datacenter.balance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.datacenter.Cluster;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostState;
import org.strata.api.monitor.VmSample;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmService;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.datacenter.allocation.Ledger;
import org.strata.engine.LiveHosts;
import org.strata.repository.AffinityStore;
import org.strata.repository.ClusterStore;

/**
 * A cluster as the planners see it now, from live data: what the monitor measured (each running VM's latest sample; a
 * host's load is its VMs'), which hosts are on and accept VMs, which are in power management's standby, and what
 * placement's hard rules say of a move, affinity rules included (a VM of a must-affinity group is pinned; no move
 * breaks a rule: {@link AffinityMoves}). Balancing and power management both plan from it.
 */
@Component(service = ClusterSnapshots.class)
public final class ClusterSnapshots {

    /** Samples older than this are not what the VM does now. */
    private static final Duration FRESH = Duration.ofMinutes(2);

    private final Ledger ledger;
    private final LiveHosts live;
    private final VmService vms;
    private final ClusterStore clusters;
    private final AffinityStore affinity;
    private final Clock clock;

    @Activate
    public ClusterSnapshots(
            @Reference Ledger ledger,
            @Reference LiveHosts live,
            @Reference VmService vms,
            @Reference ClusterStore clusters,
            @Reference AffinityStore affinity) {
        this.ledger = ledger;
        this.live = live;
        this.vms = vms;
        this.clusters = clusters;
        this.affinity = affinity;
        this.clock = Clock.systemUTC();
    }

    /**
     * The cluster now, with what the snapshot's ids stand for.
     *
     * @param cluster the planners' snapshot
     * @param vms the running VMs of the snapshot, by id
     * @param hosts the hosts of the snapshot, by id (a host never contacted has no capacity to plan with and is left
     *     out)
     * @param standby the hosts in standby, with when they entered it
     * @param check what placement's hard rules say of a move
     */
    public record Live(
            ClusterSnapshot cluster,
            Map<String, VirtualMachine> vms,
            Map<String, Host> hosts,
            Map<String, Instant> standby,
            MoveCheck check) {}

    public Live snapshot(Cluster cluster) {
        DatacenterView.Root root = ledger.view().cluster(cluster.id());
        Map<String, Instant> standby = clusters.standby(cluster.id());
        Instant now = clock.instant();
        Map<String, Host> byId = new HashMap<>();
        for (Host host : root.hosts()) {
            if (host.info() != null && host.info().cpus() > 0 && host.info().memoryMb() > 0) {
                byId.put(host.id(), host); // a host never contacted has nothing to plan with
            }
        }
        Map<String, String> hostOfVm = new HashMap<>();
        for (VirtualMachine vm : root.vms()) {
            hostOfVm.put(vm.id(), vm.hostId());
        }
        Map<String, Map<String, String>> labels = new HashMap<>();
        root.members().forEach((id, member) -> labels.put(id, member.labels()));
        AffinityMoves rules = new AffinityMoves(affinity.groups(cluster.id()), hostOfVm, labels);
        // Each running VM's own measured use (its latest sample, at most FRESH old).
        List<VmSnapshot> vmSnapshots = new ArrayList<>();
        Map<String, VirtualMachine> vmsById = new HashMap<>();
        Map<String, double[]> load = new HashMap<>();
        for (VirtualMachine vm : root.vms()) {
            if (!DatacenterView.allocated(vm) || !byId.containsKey(vm.hostId())) {
                continue;
            }
            vmsById.put(vm.id(), vm);
            List<VmSample> samples = vms.stats(vm.id(), now.minus(FRESH), null);
            VmSample last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
            double cpuUsed = last == null ? 0 : Math.max(vm.cpus() * last.cpuPercent() / 100.0, 0);
            long memoryUsed = last == null ? vm.memoryMb() : Math.max(Math.min(last.memoryUsedMb(), vm.memoryMb()), 0);
            Optional<Pin> pin = vm.spec() != null && !vm.spec().pciDevices().isEmpty()
                    ? Optional.of(new Pin(
                            Pin.Kind.PCI_PASSTHROUGH,
                            String.join(", ", vm.spec().pciDevices())))
                    : rules.pin(vm.id());
            vmSnapshots.add(new VmSnapshot(vm.id(), vm.hostId(), vm.cpus(), vm.memoryMb(), cpuUsed, memoryUsed, pin));
            double[] sum = load.computeIfAbsent(vm.hostId(), k -> new double[2]);
            sum[0] += cpuUsed;
            sum[1] += memoryUsed;
        }
        // A host is judged by the load of its VMs, each from the VM's own counters, as DRS sums its VMs' demand: that
        // is what a migration moves, and it stays right where a host's own counters cannot tell hosts apart (the
        // testbed's hosts share one kernel, so libvirt reports the machine's counters for each; docs/datacenter.md).
        // What runs on a host outside its VMs is not counted.
        List<HostSnapshot> hosts = new ArrayList<>();
        Map<String, Double> cpuCapacity = new HashMap<>();
        for (Host host : byId.values()) {
            cpuCapacity.put(host.id(), host.info().cpus() * root.cpuOvercommit());
            if (standby.containsKey(host.id())) {
                // Powered off by power management: it may come back only through its BMC.
                hosts.add(new HostSnapshot(
                        host.id(),
                        host.info().cpus(),
                        host.info().memoryMb(),
                        0,
                        0,
                        false,
                        false,
                        host.bmcHostId() != null && "none".equals(root.maintenance(host.id()))));
                continue;
            }
            boolean on = live.status(host.id()).state() == HostState.AVAILABLE;
            double[] sum = load.getOrDefault(host.id(), new double[2]);
            hosts.add(new HostSnapshot(
                    host.id(),
                    host.info().cpus(),
                    host.info().memoryMb(),
                    Math.min(sum[0], host.info().cpus()),
                    (long) Math.min(sum[1], host.info().memoryMb()),
                    on && "none".equals(root.maintenance(host.id())),
                    on,
                    false));
        }
        // What placement's hard rules say of a move: the same driver, and room in what the target may allocate.
        MoveCheck check = (vm, target, planned) -> {
            if (!rules.allows(vm, target, planned)) {
                return false;
            }
            Host from = byId.get(vm.hostId());
            Host to = byId.get(target.id());
            if (from == null || to == null || !from.driverId().equals(to.driverId())) {
                return false;
            }
            if (!to.info().capabilities().contains("LIVE_MIGRATION")) {
                return false;
            }
            return planned.allocatedVcpus(target.id()) + vm.vcpus() <= cpuCapacity.get(target.id())
                    && planned.allocatedMemoryMib(target.id()) + vm.memoryMib()
                            <= to.info().memoryMb() * root.memoryOvercommit();
        };
        return new Live(new ClusterSnapshot(cluster.id(), hosts, vmSnapshots), vmsById, byId, standby, check);
    }
}
