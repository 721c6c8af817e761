package org.strata.repository;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.event.Event;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmOrigin;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;

/**
 * Virtual machines of the inventory.
 * Part of the {@link ConfigRepository}, whose rules on transactions, history and errors hold here.
 */
public interface VmStore {

    // Virtual machines: the hypervisor id is unique per host. History entries have entity type "vm".

    /** VMs ordered by name then id, all or those of one host ({@code hostId} may be null); paged by the database. */
    Page<VirtualMachine> vms(String hostId, PageRequest page);

    /** The ids of every VM, and nothing else of them: for dropping what is kept in memory of VMs that are gone. */
    Set<String> vmIds();

    /** Every VM of a host, ordered by name then id; for reconciling a host against what it reports. */
    List<VirtualMachine> vmsOfHost(String hostId);

    /**
     * The ids of a host's VMs keyed by their hypervisor ids, and nothing else of them: what the statistics round
     * needs to match a host's counters to VMs, without reading (and parsing) every VM's spec. Since 1.6.
     */
    Map<String, String> vmIdsByHypervisorId(String hostId);

    Optional<VirtualMachine> vm(String id);

    /**
     * Whether the host has a VM of this name: what a define checks, without reading (and parsing) every VM of the
     * host. Since 1.5.
     */
    boolean hasVmNamed(String hostId, String name);

    Optional<VirtualMachine> vmByHypervisorId(String hostId, String hypervisorId);

    /**
     * Records a VM. Its name is the spec's. INVALID_INPUT for a missing host; CONFLICT when the id, or the
     * hypervisor id on that host, is taken.
     *
     * @param managed true when Strata defined it, false when it was found on the host
     */
    default VirtualMachine createVm(
            String id,
            String hostId,
            String hypervisorId,
            VmSpec spec,
            VmState state,
            boolean managed,
            String principal) {
        return createVm(id, hostId, hypervisorId, null, spec, state, managed, principal);
    }

    /** {@link #createVm} in a pool (null: none); INVALID_INPUT for a pool that does not exist. Since 1.7. */
    VirtualMachine createVm(
            String id,
            String hostId,
            String hypervisorId,
            String poolId,
            VmSpec spec,
            VmState state,
            boolean managed,
            String principal);

    /** VMs in any of these pools, ordered by name then id; paged by the database. Since 1.8. */
    Page<VirtualMachine> vmsInPools(Set<String> poolIds, PageRequest page);

    /** The VMs of one pool, by name. Since 1.7. */
    List<VirtualMachine> vmsOfPool(String poolId);

    /**
     * The VMs of several hosts (a cluster's), in a few bounded queries rather than one per host: what the datacenter
     * layer reads for each admission check. Since 1.8.
     */
    List<VirtualMachine> vmsOfHosts(Collection<String> hostIds);

    /** The VMs on the hosts of a cluster, in one query. Since 1.8. */
    List<VirtualMachine> vmsOfCluster(String clusterId);

    /** Moves a VM to another pool (null: none), with its history entry. Since 1.7. */
    VirtualMachine setVmPool(String id, String poolId, String principal);

    /**
     * Records several VMs of one host in one transaction, one history entry each, as {@link #createVm} would one
     * by one: for a host whose VMs are all found at once (a host just added), one commit instead of one per VM.
     * INVALID_INPUT for a missing host; CONFLICT when any id or hypervisor id is taken, and then none is recorded.
     *
     * @return the VMs as recorded, in the order given
     */
    List<VirtualMachine> createVms(String hostId, List<NewVm> vms, String principal);

    /** Replaces a VM's spec (and so its name). One history entry. */
    VirtualMachine updateVmSpec(String id, VmSpec spec, String principal);

    /**
     * Records a power state the hypervisor reported. Live state, not configuration: no history entry (state
     * changes are events). {@code stateChanged} moves only when the state differs.
     */
    VirtualMachine updateVmState(String id, VmState state);

    /**
     * Records a power state as {@link #updateVmState} does, in one transaction that also says whether it changed:
     * the state it had before when it differed, empty when it already was {@code state}. Since 1.5.
     */
    Optional<VmState> changeVmState(String id, VmState state);

    /**
     * {@link #changeVmState} and, when the state changed, the event that says so, in the same transaction: one
     * commit where a change and its event made two. Events are appended one transaction at a time (their ids follow
     * commit order), so the caller serialises this as it does every event append. Since 1.6.
     *
     * @return the event recorded; empty when the VM already was {@code state}
     */
    Optional<Event> changeVmState(String id, VmState state, NewEvent event);

    /** Moves a VM to another host after a migration; one history entry. INVALID_INPUT for a missing host. */
    VirtualMachine moveVm(String id, String targetHostId, String principal);

    void deleteVm(String id, String principal);

    /** Records a clone Strata made, with what it was cloned from (since 1.10). */
    default VirtualMachine createVm(
            String id,
            String hostId,
            String hypervisorId,
            String poolId,
            VmSpec spec,
            VmState state,
            VmOrigin origin,
            String principal) {
        return createVms(hostId, List.of(new NewVm(id, hypervisorId, spec, state, true, poolId, origin)), principal)
                .get(0);
    }

    /**
     * Marks a VM as a template or not (since 1.10), with a history entry. 409 when it is being unmarked while linked
     * clones use it: checked in the same transaction, so that no clone slips in between.
     */
    VirtualMachine setTemplate(String id, boolean template, String principal);

    /** The VMs recorded as linked clones of this one, by name (since 1.10). */
    List<VirtualMachine> linkedClonesOf(String id);
}
