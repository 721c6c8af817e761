package org.strata.api.vm;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.monitor.HostSample;
import org.strata.api.monitor.VmSample;
import org.strata.api.task.Task;
import org.strata.api.task.TaskService;

/**
 * Virtual machines on hypervisor hosts, whatever their driver. Every change that touches a hypervisor is
 * a task ({@link TaskService}); its {@code result} is the VM's id. The inventory is written only after
 * the hypervisor accepted a change, in one transaction with its history entry, so a refused change
 * leaves the repository as it was. Methods throw {@link StrataException} only.
 */
public interface VmService {

    /** VMs of the inventory, all or those of one host ({@code hostId} may be null). */
    Page<VirtualMachine> vms(String hostId, PageRequest page);

    /**
     * VMs in any of these pools, ordered by name then id, paged by the repository (since 2.2): what a user scoped to
     * its tenants lists. An empty set gives an empty page.
     */
    Page<VirtualMachine> vmsInPools(Set<String> poolIds, PageRequest page);

    VirtualMachine vm(String id);

    /** Defines a VM on a host from a neutral spec; it is left stopped. */
    default Task create(String hostId, VmSpec spec, String principal) {
        return create(hostId, null, spec, principal);
    }

    /**
     * Defines a VM in a resource pool (since 2.1); it is left stopped. Without a host, the datacenter layer's placement
     * chooses one among the pool's cluster (400 when that layer is not running); with both, the host must be one the
     * pool's VMs may run on. The pool's tenant quota and the pool's allocation are checked first (409 naming what is
     * missing).
     */
    Task create(String hostId, String poolId, VmSpec spec, String principal);

    /** Replaces a stopped VM's definition (CPUs, memory, devices); 409 while it runs. */
    Task update(String id, VmSpec spec, String principal);

    /** Undefines a stopped VM; its disk images stay. 409 while it runs. */
    Task delete(String id, String principal);

    /**
     * A lifecycle action: {@code start}, {@code shutdown} (graceful; powered off when the guest has not
     * stopped after {@code timeoutSeconds}, default 120), {@code reboot}, {@code reset} (at once, without asking
     * the guest), {@code suspend}, {@code resume}, {@code poweroff}. An action the VM's state does not allow (start a running VM) is refused with 409
     * before any task starts.
     */
    Task act(String id, String action, Integer timeoutSeconds, String principal);

    Task attachDisk(String id, VmDisk disk, String principal);

    Task detachDisk(String id, String target, String principal);

    Task attachNic(String id, VmNic nic, String principal);

    Task detachNic(String id, String mac, String principal);

    /** Applies shares, limits and reservations; null fields are left as they are. */
    Task setResources(String id, VmResources resources, String principal);

    /** Moves a running VM live to another host of the same driver. */
    Task migrate(String id, String targetHostId, String principal);

    /** Console endpoints, asked of the hypervisor now. */
    List<Console> consoles(String id);

    /**
     * What the VM's guest agent reports now (since 2.4): its OS, host name and IP addresses, asked of the hypervisor (a
     * few seconds at most). Read-only, no task. A guest whose agent does not answer is an answer too ({@link
     * VmGuest#agentRunning} false, with the reason). 404 for an unknown VM, 409 when the VM is not running, 503 while its
     * host's driver is away, 501 when the driver cannot ask guest agents.
     */
    VmGuest guest(String id);

    /** Samples kept by the monitor for a VM, oldest first, {@code from} and {@code to} inclusive (either may be null). */
    List<VmSample> stats(String id, Instant from, Instant to);

    /** Samples kept by the monitor for a host, oldest first. */
    List<HostSample> hostStats(String hostId, Instant from, Instant to);
}
