package org.strata.datacenter.affinity;

import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.StrataException;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.AffinityGroupSpec;
import org.strata.api.datacenter.AffinityService;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VmService;
import org.strata.api.vm.VmSpec;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.datacenter.allocation.Ledger;
import org.strata.datacenter.placement.AffinityIndex;
import org.strata.datacenter.placement.PlacementEngine;
import org.strata.engine.Lane;
import org.strata.engine.TaskEngine;
import org.strata.engine.TaskRequest;
import org.strata.engine.TaskTarget;
import org.strata.repository.AffinityStore;

/**
 * Affinity groups: their store's rules (the cluster's VMs only, must rules that do not contradict) and the creation of
 * a VM as a member. A member is placed under the group's rules, created by the core as any VM (admission, the
 * hypervisor), and recorded as a member by a task {@code vm.join-group} on the VM, which the task engine runs after the
 * create's (same target); until then placement counts it as a member on the host it was given.
 */
@Component(service = AffinityService.class)
public final class AffinityManager implements AffinityService {

    /** How long the join waits for the create it follows; it is queued behind it, so this is only a safety net. */
    private static final Duration CREATE_LIMIT = Duration.ofHours(1);

    private final AffinityStore store;
    private final PlacementEngine placement;
    private final AffinityIndex index;
    private final Ledger ledger;
    private final VmService vms;
    private final TaskService tasks;
    private final TaskEngine engine;
    /** One member placed at a time: the next one's placement must see the host the previous one was given. */
    private final Object placing = new Object();

    @Activate
    public AffinityManager(
            @Reference AffinityStore store,
            @Reference PlacementEngine placement,
            @Reference AffinityIndex index,
            @Reference Ledger ledger,
            @Reference VmService vms,
            @Reference TaskService tasks,
            @Reference TaskEngine engine) {
        this.store = store;
        this.placement = placement;
        this.index = index;
        this.ledger = ledger;
        this.vms = vms;
        this.tasks = tasks;
        this.engine = engine;
    }

    @Override
    public List<AffinityGroup> groups(String clusterId) {
        return store.groups(clusterId);
    }

    @Override
    public AffinityGroup group(String clusterId, String groupId) {
        return store.group(groupId)
                .filter(g -> g.clusterId().equals(clusterId))
                .orElseThrow(() -> StrataException.notFound("affinity group", groupId));
    }

    @Override
    public AffinityGroup createGroup(String clusterId, AffinityGroupSpec spec, String principal) {
        return store.createGroup(clusterId, spec, principal);
    }

    @Override
    public AffinityGroup updateGroup(String clusterId, String groupId, AffinityGroupSpec spec, String principal) {
        group(clusterId, groupId);
        return store.updateGroup(groupId, spec, principal);
    }

    @Override
    public void deleteGroup(String clusterId, String groupId, String principal) {
        group(clusterId, groupId);
        store.deleteGroup(groupId, principal);
    }

    @Override
    public AffinityGroup addVm(String clusterId, String groupId, String vmId, String principal) {
        group(clusterId, groupId);
        return store.addVm(groupId, vmId, principal);
    }

    @Override
    public AffinityGroup removeVm(String clusterId, String groupId, String vmId, String principal) {
        group(clusterId, groupId);
        return store.removeVm(groupId, vmId, principal);
    }

    @Override
    public Task createVm(
            String clusterId, String groupId, String hostId, String poolId, VmSpec spec, String principal) {
        AffinityGroup group = group(clusterId, groupId);
        if (spec == null || spec.name() == null || spec.name().isBlank()) {
            throw StrataException.invalid("spec with a name is required");
        }
        String host = hostId == null || hostId.isBlank() ? null : hostId;
        String pool = poolId == null || poolId.isBlank() ? null : poolId;
        checkInCluster(group, host, pool);
        Task create;
        synchronized (placing) {
            if (host == null) {
                host = placement.chooseHost(pool, spec, List.of(group));
            } else {
                String why = placement.affinityRefusal(host, List.of(group));
                if (why != null) {
                    throw StrataException.conflict(
                            "VM '" + spec.name() + "' cannot be defined on the host named: " + why);
                }
            }
            create = vms.create(host, pool, spec, principal);
            index.creating(create.targetId(), group.id(), host, spec.name());
        }
        String vmId = create.targetId();
        String name = spec.name();
        try {
            return engine.submit(
                    new TaskRequest("vm.join-group", new TaskTarget("vm", vmId), Lane.NORMAL, principal, List.of()),
                    context -> {
                        try {
                            context.progress(10, "waiting for " + name + " to be created");
                            Task end = tasks.await(create.id(), CREATE_LIMIT);
                            if (end.state() != TaskState.SUCCEEDED) {
                                throw StrataException.conflict("VM '" + name + "' was not created ("
                                        + end.state().name().toLowerCase(java.util.Locale.ROOT)
                                        + (end.errorMessage() == null ? "" : ": " + end.errorMessage())
                                        + "), so it did not join group '" + group.name() + "'");
                            }
                            context.progress(90, name + " joins group " + group.name());
                            store.addVm(group.id(), vmId, principal);
                            return vmId;
                        } finally {
                            index.settled(vmId);
                        }
                    });
        } catch (RuntimeException e) {
            index.settled(vmId);
            throw e;
        }
    }

    /** A member is the group's cluster's: its pool runs on it, or (without a pool) its host is a member. */
    private void checkInCluster(AffinityGroup group, String hostId, String poolId) {
        if (poolId == null && hostId == null) {
            throw StrataException.invalid("a VM created without a host needs a pool (poolId) to be placed in");
        }
        if (poolId != null) {
            ResourcePool pool = ledger.view().allPools().stream()
                    .filter(p -> p.id().equals(poolId))
                    .findFirst()
                    .orElseThrow(() -> StrataException.invalid("pool '" + poolId + "' does not exist"));
            if (!group.clusterId().equals(pool.clusterId())) {
                throw StrataException.invalid("pool '" + pool.name() + "' does not run on the group's cluster");
            }
            return;
        }
        DatacenterView.Root root = ledger.view().rootOfHost(hostId);
        if (root.cluster() == null || !root.cluster().id().equals(group.clusterId())) {
            throw StrataException.invalid("host '" + hostId + "' is not a member of the group's cluster");
        }
    }
}
