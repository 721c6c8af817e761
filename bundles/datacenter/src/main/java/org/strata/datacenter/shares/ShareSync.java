package org.strata.datacenter.shares;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;
import org.strata.api.driver.DriverService;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;
import org.strata.api.task.TaskState;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmService;
import org.strata.datacenter.allocation.AllocationChanges;
import org.strata.datacenter.allocation.DatacenterView;
import org.strata.repository.DatacenterStore;
import org.strata.repository.VmStore;

/**
 * Keeps each pooled VM's CPU weight on its hypervisor at what its pools' shares give ({@link PoolShares}): a sweep
 * compares every VM of every pool with its target and changes those that differ through {@link
 * VmService#setResources} (a task, as if an admin had set it, so it is visible, serialised with the VM's other work and
 * recorded in its definition). It sweeps a few seconds after the ledger says a pool changed or a VM's task ended, and
 * every minute for what nothing announced (a VM found on a host, a change made on the hypervisor behind Strata's
 * back). VMs on hosts whose driver cannot apply resource settings are left alone.
 */
@Component(service = {ShareSync.class, AllocationChanges.class})
public final class ShareSync implements AllocationChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ShareSync.class);
    static final String PRINCIPAL = "strata-datacenter";
    private static final long ROUND_SECONDS = 60;
    private static final long NUDGE_SECONDS = 2;

    private record Submitted(String taskId, int target) {}

    /** What one sweep did. */
    public record Sweep(int checked, int changed, int unsupported) {}

    private final DatacenterStore datacenters;
    private final VmStore vmStore;
    private final InventoryService inventory;
    private final DriverService drivers;
    private final VmService vms;
    private final TaskService tasks;
    /** A VM's settings task that may still run: the next sweep does not submit a second one meanwhile. */
    private final Map<String, Submitted> pending = new ConcurrentHashMap<>();
    /** A target the hypervisor refused for a VM: not tried again until the target changes. */
    private final Map<String, Integer> refused = new ConcurrentHashMap<>();

    private final AtomicBoolean nudged = new AtomicBoolean();
    private final ScheduledExecutorService timer;
    private final ScheduledFuture<?> rounds;
    private volatile ScheduledFuture<?> nudge;

    @Activate
    public ShareSync(
            @Reference DatacenterStore datacenters,
            @Reference VmStore vmStore,
            @Reference InventoryService inventory,
            @Reference DriverService drivers,
            @Reference VmService vms,
            @Reference TaskService tasks) {
        this.datacenters = datacenters;
        this.vmStore = vmStore;
        this.inventory = inventory;
        this.drivers = drivers;
        this.vms = vms;
        this.tasks = tasks;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "strata-pool-shares");
            t.setDaemon(true);
            return t;
        });
        this.rounds = timer.scheduleWithFixedDelay(this::sweepQuietly, ROUND_SECONDS, ROUND_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void close() {
        rounds.cancel(false);
        timer.shutdownNow();
    }

    @Override
    public void changed(String poolId) {
        if (nudged.compareAndSet(false, true)) {
            nudge = timer.schedule(
                    () -> {
                        nudged.set(false);
                        sweepQuietly();
                    },
                    NUDGE_SECONDS,
                    TimeUnit.SECONDS);
        }
    }

    /** Brings every pooled VM's CPU weight to its target now; what it did. */
    public synchronized Sweep sweep() {
        List<ResourcePool> pools = datacenters.allPools();
        PoolShares shares = new PoolShares(pools);
        Map<String, Boolean> hostApplies = new HashMap<>();
        int checked = 0;
        int changed = 0;
        int unsupported = 0;
        for (ResourcePool pool : pools) {
            for (VirtualMachine vm : vmStore.vmsOfPool(pool.id())) {
                // Powered-on VMs only: the hypervisor then sets the weight live and in the definition together, or
                // refuses both. Written into a stopped VM's definition alone, it could keep the VM from starting on
                // a host without the cgroup CPU controller (a container); a stopped VM gets it at its start.
                if (vm.spec() == null || vm.hostId() == null || !DatacenterView.allocated(vm)) {
                    continue;
                }
                checked++;
                int target = shares.vmShares(pool.id(), vm.cpus());
                VmResources now = vm.spec().resources();
                if (now != null && now.cpuShares() != null && now.cpuShares() == target) {
                    continue;
                }
                if (!hostApplies.computeIfAbsent(vm.hostId(), this::applies)) {
                    unsupported++;
                    continue;
                }
                if (stillRunning(vm.id()) || Integer.valueOf(target).equals(refused.get(vm.id()))) {
                    continue;
                }
                try {
                    Task task = vms.setResources(vm.id(), new VmResources(target, null, null, null, null), PRINCIPAL);
                    pending.put(vm.id(), new Submitted(task.id(), target));
                    changed++;
                } catch (StrataException e) {
                    // The VM went away or changed under us; the next sweep sees it as it is then.
                    LOG.debug("CPU shares of VM {} not set now: {}", vm.name(), e.getMessage());
                }
            }
        }
        return new Sweep(checked, changed, unsupported);
    }

    private void sweepQuietly() {
        try {
            Sweep s = sweep();
            if (s.changed() > 0) {
                LOG.info("Pool shares: set the CPU weight of {} of {} pooled VMs", s.changed(), s.checked());
            }
        } catch (RuntimeException e) {
            LOG.warn("Applying pool shares to the hypervisors failed: {}", e.getMessage(), e);
        }
    }

    private boolean applies(String hostId) {
        try {
            String driverId = inventory.host(hostId).driverId();
            return drivers.driver(driverId).capabilities().contains("RESOURCE_SETTINGS");
        } catch (StrataException e) {
            return false; // the host or its driver is gone: nothing can apply it now
        }
    }

    private boolean stillRunning(String vmId) {
        Submitted submitted = pending.get(vmId);
        if (submitted == null) {
            return false;
        }
        try {
            Task task = tasks.task(submitted.taskId());
            if (!task.state().done()) {
                return true;
            }
            if (task.state() == TaskState.FAILED) {
                refused.put(vmId, submitted.target());
                LOG.warn(
                        "The hypervisor refused CPU shares {} for VM {}: {}",
                        submitted.target(),
                        vmId,
                        task.errorMessage());
            } else {
                refused.remove(vmId);
            }
        } catch (StrataException e) {
            // forgotten by the task list: treat as ended
        }
        pending.remove(vmId);
        return false;
    }
}
