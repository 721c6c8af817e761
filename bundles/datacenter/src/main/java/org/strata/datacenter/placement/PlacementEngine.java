package org.strata.datacenter.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.strata.api.StrataException;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.ClusterPolicy;
import org.strata.api.datacenter.HostVerdict;
import org.strata.api.datacenter.PlacementExplanation;
import org.strata.api.datacenter.PlacementQuery;
import org.strata.api.datacenter.PlacementService;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostState;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.monitor.HostSample;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmSpec;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.datacenter.allocation.Ledger;
import org.strata.datacenter.schedule.ClusterCalendars;
import org.strata.datacenter.spi.Candidate;
import org.strata.datacenter.spi.PlacementFilter;
import org.strata.datacenter.spi.PlacementRequest;
import org.strata.datacenter.spi.PlacementWeigher;
import org.strata.engine.HostPlacement;
import org.strata.engine.HostStatus;
import org.strata.engine.LiveHosts;
import org.strata.repository.ClusterStore;
import org.strata.repository.VolumeStore;

/**
 * Placement: gathers the hosts a VM may go to (its pool's cluster, or its datacenter's hosts in no cluster) as
 * {@link Candidate}s, asks the filters and weighers ({@link Ranking}), and answers the host or why none fits. The
 * built-in units come first; units other bundles register as OSGi services join at once and leave when their bundle
 * stops.
 */
@Component(service = {HostPlacement.class, PlacementService.class, PlacementEngine.class})
public final class PlacementEngine implements HostPlacement, PlacementService {

    /** Service property that orders a registered filter or weigher among the others (default 100). */
    public static final String ORDER = "strata.placement.order";

    private final Ledger ledger;
    private final LiveHosts live;
    private final ClusterCalendars calendars;
    private final ClusterStore clusters;
    private final AffinityIndex affinity;
    private final VolumeStore volumes;
    private final Map<PlacementFilter, Integer> extraFilters = new ConcurrentHashMap<>();
    private final Map<PlacementWeigher, Integer> extraWeighers = new ConcurrentHashMap<>();

    @Activate
    public PlacementEngine(
            @Reference Ledger ledger,
            @Reference LiveHosts live,
            @Reference ClusterCalendars calendars,
            @Reference ClusterStore clusters,
            @Reference AffinityIndex affinity,
            @Reference VolumeStore volumes) {
        this.volumes = volumes;
        this.ledger = ledger;
        this.live = live;
        this.calendars = calendars;
        this.clusters = clusters;
        this.affinity = affinity;
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindFilter(PlacementFilter filter, Map<String, Object> properties) {
        extraFilters.put(filter, order(properties));
    }

    void unbindFilter(PlacementFilter filter) {
        extraFilters.remove(filter);
    }

    @Reference(
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindWeigher(PlacementWeigher weigher, Map<String, Object> properties) {
        extraWeighers.put(weigher, order(properties));
    }

    void unbindWeigher(PlacementWeigher weigher) {
        extraWeighers.remove(weigher);
    }

    @Override
    public String chooseHost(String poolId, VmSpec spec, String principal) {
        return chooseHost(poolId, spec, List.of());
    }

    /** The host for a new VM that joins {@code groups}: their must rules hold, their should rules weigh. */
    public String chooseHost(String poolId, VmSpec spec, List<AffinityGroup> groups) {
        if (poolId == null) {
            throw StrataException.invalid("a VM created without a host needs a pool (poolId) to be placed in");
        }
        Map<String, AffinityIndex.Pending> pending = affinity.pending();
        ResourcePool pool = ledger.view().pool(poolId);
        DatacenterView.Root root = ledger.view().rootOf(pool);
        List<AffinityRule> rules = affinity.rules(pending, null, groups, root, null);
        Placing placing = newVm(root, pool, spec, rules, false);
        Ranking.Decision decision = placing.ranking.rank(placing.hosts, placing.request, false);
        if (decision.chosenHostId() != null) {
            return decision.chosenHostId();
        }
        if (!placing.standby.isEmpty()) {
            // No powered-on host can take it: a host in standby that can is powered on for it (core's create task
            // asks the layer to bring it back before it defines the VM there).
            Placing waking = newVm(root, pool, spec, rules, true);
            Ranking.Decision woken = waking.ranking.rank(waking.hosts, waking.request, false);
            if (woken.chosenHostId() != null) {
                return woken.chosenHostId();
            }
        }
        // No host: say why each was refused, as the explanation would.
        List<HostVerdict> verdicts =
                placing.ranking.rank(placing.hosts, placing.request, true).verdicts();
        throw StrataException.conflict(noHost(placing, verdicts));
    }

    /**
     * A stopped VM of a cluster starts where it is defined when its host can take it. When the filters refuse that
     * host (full, in maintenance, against a must rule), it starts on the host of the same driver they rank first,
     * powered on or, failing those, in standby (brought back by core's start task). Null when it stays: its host can
     * take it, it is in no pool or cluster, its host is in standby (core brings that host back) or out of reach, or no
     * other host can take it either (admission then refuses the start, saying why).
     */
    @Override
    public String startHost(VirtualMachine vm, String principal) {
        if (vm.poolId() == null || vm.hostId() == null) {
            return null;
        }
        DatacenterView.Root root = ledger.view().rootOfHost(vm.hostId());
        if (root.cluster() == null || clusters.standby(root.cluster().id()).containsKey(vm.hostId())) {
            return null;
        }
        Host own = root.hosts().stream()
                .filter(h -> h.id().equals(vm.hostId()))
                .findFirst()
                .orElse(null);
        // A host the platform does not reach now cannot let its VM go either: its start fails as it would have.
        if (own == null || live.status(own.id()).state() != HostState.AVAILABLE) {
            return null;
        }
        ResourcePool pool = ledger.view().pool(vm.poolId());
        List<AffinityRule> rules = affinity.rules(affinity.pending(), vm.id(), List.of(), root, null);
        PlacementFilter storage = seesStorage(vm.spec());
        Placing here = placing(
                root,
                pool,
                vm.id(),
                vm.name(),
                vm.cpus(),
                vm.memoryMb(),
                Map.of(),
                Set.of("VM_DEFINE"),
                false,
                rules,
                storage);
        boolean fits = here.ranking.rank(here.hosts, here.request, true).verdicts().stream()
                .anyMatch(v -> v.hostId().equals(own.id()) && v.possible());
        if (fits) {
            return null;
        }
        for (boolean waking : new boolean[] {false, true}) {
            Placing elsewhere = placing(
                    root,
                    pool,
                    vm.id(),
                    vm.name(),
                    vm.cpus(),
                    vm.memoryMb(),
                    Map.of(),
                    Set.of("VM_DEFINE"),
                    waking,
                    rules,
                    new BuiltInFilters.SameDriverElsewhere(own.id(), own.driverId()),
                    storage);
            String chosen = elsewhere
                    .ranking
                    .rank(elsewhere.hosts, elsewhere.request, false)
                    .chosenHostId();
            if (chosen != null) {
                return chosen;
            }
            if (elsewhere.standby.isEmpty()) {
                break;
            }
        }
        return null;
    }

    @Override
    public PlacementExplanation explain(PlacementQuery query) {
        if (query == null || (query.poolId() == null && query.clusterId() == null)) {
            throw StrataException.invalid("poolId or clusterId is required");
        }
        int cpus = query.cpus() == null ? 1 : query.cpus();
        long memory = query.memoryMb() == null ? 512 : query.memoryMb();
        if (cpus < 1 || memory < 1) {
            throw StrataException.invalid("cpus and memoryMb must be 1 or more");
        }
        Map<String, AffinityIndex.Pending> pending = affinity.pending();
        ResourcePool pool = query.poolId() == null ? null : ledger.view().pool(query.poolId());
        DatacenterView.Root root =
                pool != null ? ledger.view().rootOf(pool) : ledger.view().cluster(query.clusterId());
        List<AffinityRule> rules =
                query.vmId() == null ? List.of() : affinity.rules(pending, query.vmId(), List.of(), root, null);
        Placing placing = placing(
                root, pool, query.vmId(), null, cpus, memory, query.labels(), Set.of("VM_DEFINE"), false, rules);
        Ranking.Decision decision = placing.ranking.rank(placing.hosts, placing.request, true);
        return new PlacementExplanation(
                query.poolId(),
                placing.root.cluster() == null ? null : placing.root.cluster().id(),
                placing.policy.name(),
                cpus,
                memory,
                decision.chosenHostId(),
                placing.ranking.filterNames(),
                placing.ranking.weigherNames(),
                decision.verdicts());
    }

    /**
     * A destination for a running VM leaving {@code fromHostId} (maintenance, balancing): a host of the same root and
     * driver that can receive it live; null when none fits. {@code why} gets the explanation's refusals.
     */
    public String destination(VirtualMachine vm, Host from, List<String> why) {
        return elsewhere(vm, from, Set.of("LIVE_MIGRATION"), why);
    }

    /** The datacenter as placement reads it. */
    public DatacenterView view() {
        return ledger.view();
    }

    /**
     * Where HA restarts a VM whose host {@code failed} is gone (since issue 19): a host of the same root and driver that
     * can define and start it, sees its disks and has room for it; null when none fits. {@code why} gets the
     * refusals.
     */
    public String restartHost(VirtualMachine vm, Host failed, List<String> why) {
        return elsewhere(vm, failed, Set.of("VM_DEFINE", "VM_POWER"), why);
    }

    /** A host of {@code from}'s root and driver, not {@code from}, with these capabilities, that can take the VM. */
    private String elsewhere(VirtualMachine vm, Host from, Set<String> capabilities, List<String> why) {
        Map<String, AffinityIndex.Pending> pending = affinity.pending();
        DatacenterView.Root root = ledger.view().rootOfHost(from.id());
        ResourcePool pool = vm.poolId() == null ? null : ledger.view().pool(vm.poolId());
        Placing placing = placing(
                root,
                pool,
                vm.id(),
                vm.name(),
                vm.cpus(),
                vm.memoryMb(),
                Map.of(),
                capabilities,
                false,
                affinity.rules(pending, vm.id(), List.of(), root, from.id()),
                new BuiltInFilters.SameDriverElsewhere(from.id(), from.driverId()),
                seesStorage(vm.spec()));
        Ranking.Decision decision = placing.ranking.rank(placing.hosts, placing.request, why != null);
        if (decision.chosenHostId() == null && why != null) {
            why.add(noHost(placing, decision.verdicts()));
        }
        return decision.chosenHostId();
    }

    /** Why a new member of {@code groups} may not be defined on the host named outright, or null when it may. */
    public String affinityRefusal(String hostId, List<AffinityGroup> groups) {
        Map<String, AffinityIndex.Pending> pending = affinity.pending();
        DatacenterView.Root root = ledger.view().rootOfHost(hostId);
        Map<String, String> labels =
                root.members().containsKey(hostId) ? root.members().get(hostId).labels() : Map.of();
        return new AffinityFilter(affinity.rules(pending, null, groups, root, null)).refuse(hostId, labels);
    }

    /** Everything one decision needs, gathered once. */
    private record Placing(
            DatacenterView.Root root,
            ClusterPolicy policy,
            Set<String> standby,
            List<Candidate> hosts,
            PlacementRequest request,
            Ranking ranking,
            String what) {}

    /** A new VM of {@code spec} in {@code pool}; {@code waking}: hosts in standby count as candidates too. */
    private Placing newVm(
            DatacenterView.Root root, ResourcePool pool, VmSpec spec, List<AffinityRule> rules, boolean waking) {
        return placing(
                root,
                pool,
                null,
                spec.name(),
                spec.cpus(),
                spec.memoryMb(),
                Map.of(),
                Set.of("VM_DEFINE"),
                waking,
                rules,
                seesStorage(spec));
    }

    /** The filter that keeps a VM to the hosts that see its disks' pools, from the storage attachments. */
    private PlacementFilter seesStorage(org.strata.api.vm.VmSpec spec) {
        return new BuiltInFilters.SeesStorage(volumes.seenBy(VolumeStore.diskSources(spec)));
    }

    private Placing placing(
            DatacenterView.Root root,
            ResourcePool pool,
            String vmId,
            String vmName,
            int cpus,
            long memoryMb,
            Map<String, String> labels,
            Set<String> capabilities,
            boolean waking,
            List<AffinityRule> rules,
            PlacementFilter... more) {
        ClusterPolicy policy = root.cluster() == null ? ClusterPolicy.BALANCED : policyOf(root);
        Set<String> standby = root.cluster() == null
                ? Set.of()
                : clusters.standby(root.cluster().id()).keySet();
        List<PlacementFilter> filters = new ArrayList<>(BuiltInFilters.all(standby, waking));
        // Before capacity: a host the rules exclude is refused for that first, whatever room it has.
        filters.add(filters.size() - 1, new AffinityFilter(rules));
        filters.addAll(List.of(more));
        // A running VM that moves stays in its pool and tenant: only a new or starting VM asks them for more.
        if (pool != null && vmId == null) {
            String poolWhy = ledger.poolRefusal(pool.id(), cpus, memoryMb);
            if (poolWhy != null) {
                filters.add(0, new BuiltInFilters.Everywhere("pool", poolWhy));
            }
            if (pool.tenantId() != null) {
                String quotaWhy = ledger.quotaRefusal(pool.tenantId(), cpus, memoryMb);
                if (quotaWhy != null) {
                    filters.add(0, new BuiltInFilters.Everywhere("quota", quotaWhy));
                }
            }
        }
        extraFilters.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> filters.add(e.getKey()));
        List<PlacementWeigher> weighers = new ArrayList<>(BuiltInWeighers.all());
        AffinityWeigher should = new AffinityWeigher(rules);
        if (should.hasRules()) {
            weighers.add(should);
        }
        extraWeighers.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> weighers.add(e.getKey()));
        PlacementRequest request = new PlacementRequest(
                vmId,
                vmName,
                pool == null ? null : pool.id(),
                pool == null ? null : pool.tenantId(),
                cpus,
                memoryMb,
                labels,
                capabilities,
                policy.placement());
        String what = (vmName == null ? "a VM" : "VM '" + vmName + "'") + " (" + cpus + " vCPUs, " + memoryMb + " MiB)";
        return new Placing(
                root, policy, standby, candidates(root, vmId, standby), request, new Ranking(filters, weighers), what);
    }

    /** The policy the cluster follows now: its calendar's, or its own. */
    private ClusterPolicy policyOf(DatacenterView.Root root) {
        ClusterPolicy named =
                ClusterPolicy.named(calendars.active(root.cluster()).policy());
        return named == null ? ClusterPolicy.BALANCED : named;
    }

    /** The root's hosts with what is allocated on them (a moving VM left out) and what the monitor measured. */
    List<Candidate> candidates(DatacenterView.Root root, String leaveOut, Set<String> standby) {
        Map<String, long[]> allocated = new HashMap<>(ledger.inFlightByHost());
        Map<String, Set<String>> vmIds = new HashMap<>();
        for (VirtualMachine vm : root.vms()) {
            vmIds.computeIfAbsent(vm.hostId(), k -> new HashSet<>()).add(vm.id());
            if (DatacenterView.allocated(vm) && !vm.id().equals(leaveOut)) {
                long[] sum = allocated.computeIfAbsent(vm.hostId(), k -> new long[2]);
                sum[0] += vm.cpus();
                sum[1] += vm.memoryMb();
            }
        }
        List<Candidate> hosts = new ArrayList<>(root.hosts().size());
        for (Host host : root.hosts()) {
            int cpus = host.info() == null ? 0 : host.info().cpus();
            long memory = host.info() == null ? 0 : host.info().memoryMb();
            HostStatus status = live.status(host.id());
            // A host in standby measures nothing now: its last sample is from before it was powered off.
            HostSample sample =
                    standby.contains(host.id()) ? null : status.latest().orElse(null);
            long[] sum = allocated.getOrDefault(host.id(), new long[2]);
            hosts.add(new Candidate(
                    host.id(),
                    host.name(),
                    host.driverId(),
                    root.cluster() == null ? null : root.cluster().id(),
                    status.state(),
                    root.maintenance(host.id()),
                    root.members().containsKey(host.id())
                            ? root.members().get(host.id()).labels()
                            : Map.of(),
                    host.info() == null ? Set.of() : host.info().capabilities(),
                    cpus,
                    memory,
                    cpus * root.cpuOvercommit(),
                    memory * root.memoryOvercommit(),
                    sum[0],
                    sum[1],
                    sample == null ? -1 : sample.cpuPercent(),
                    sample == null ? -1 : sample.memoryUsedMb(),
                    vmIds.getOrDefault(host.id(), Set.of())));
        }
        hosts.sort(Comparator.comparing(Candidate::name).thenComparing(Candidate::hostId));
        return hosts;
    }

    private static String noHost(Placing placing, List<HostVerdict> verdicts) {
        if (verdicts.isEmpty()) {
            return "no host can take " + placing.what + ": " + placing.root.name() + " has no hypervisor host";
        }
        StringBuilder why = new StringBuilder("no host of " + placing.root.name() + " can take " + placing.what + ":");
        for (HostVerdict v : verdicts) {
            why.append(" host '")
                    .append(v.hostName())
                    .append("': ")
                    .append(String.join("; ", v.refusals()))
                    .append('.');
        }
        return why.toString();
    }

    private static int order(Map<String, Object> properties) {
        Object value = properties.get(ORDER);
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value != null) {
            try {
                return Integer.parseInt(value.toString().trim());
            } catch (NumberFormatException e) {
                return 100;
            }
        }
        return 100;
    }
}
