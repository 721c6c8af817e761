package org.strata.repository.jdbc;

import static org.strata.repository.jdbc.StoreRules.VM;
import static org.strata.repository.jdbc.StoreRules.conflictIfDuplicate;
import static org.strata.repository.jdbc.StoreRules.lockDatacenter;
import static org.strata.repository.jdbc.StoreRules.require;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.event.Event;
import org.strata.api.history.HistoryEntry.Action;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmSpec;
import org.strata.api.vm.VmState;
import org.strata.repository.NewEvent;
import org.strata.repository.NewVm;
import org.strata.repository.StoredHost;
import org.strata.repository.VmStore;

/**
 * Virtual machines over JDBC, kept with their spec as JSON. Power states are observations, written without history
 * entries; every other write is one transaction with its history entries. A VM placed on a host holds the row lock
 * of the host's datacenter, the lock a host's removal takes, so that no VM lands on a host that is going.
 */
final class JdbcVmStore implements VmStore {

    private final Transactions tx;
    private final VmDao vms;
    private final HostDao hosts;
    private final DatacenterDao datacenters;
    private final HistoryDao history;
    private final EventDao events;

    JdbcVmStore(
            Transactions tx, VmDao vms, HostDao hosts, DatacenterDao datacenters, HistoryDao history, EventDao events) {
        this.tx = tx;
        this.vms = vms;
        this.hosts = hosts;
        this.datacenters = datacenters;
        this.history = history;
        this.events = events;
    }

    @Override
    public Page<VirtualMachine> vms(String hostId, PageRequest page) {
        return tx.inTransaction("listing virtual machines", c -> vms.page(c, hostId, page));
    }

    @Override
    public Set<String> vmIds() {
        return tx.inTransaction("listing virtual machine ids", c -> new HashSet<>(vms.ids(c)));
    }

    @Override
    public List<VirtualMachine> vmsOfHost(String hostId) {
        return tx.inTransaction("listing virtual machines", c -> vms.ofHost(c, hostId));
    }

    @Override
    public Map<String, String> vmIdsByHypervisorId(String hostId) {
        return tx.inTransaction("listing virtual machine ids", c -> vms.idsByHypervisorId(c, hostId));
    }

    @Override
    public boolean hasVmNamed(String hostId, String name) {
        return tx.inTransaction("checking a virtual machine's name", c -> vms.countNamed(c, hostId, name) > 0);
    }

    @Override
    public Optional<VirtualMachine> vm(String id) {
        return tx.inTransaction("reading a virtual machine", c -> vms.find(c, id));
    }

    @Override
    public Optional<VirtualMachine> vmByHypervisorId(String hostId, String hypervisorId) {
        return tx.inTransaction("reading a virtual machine", c -> vms.findByHypervisorId(c, hostId, hypervisorId));
    }

    @Override
    public VirtualMachine createVm(
            String id,
            String hostId,
            String hypervisorId,
            String poolId,
            VmSpec spec,
            VmState state,
            boolean managed,
            String principal) {
        return createVms(hostId, List.of(new NewVm(id, hypervisorId, spec, state, managed, poolId)), principal)
                .get(0);
    }

    @Override
    public List<VirtualMachine> vmsOfCluster(String clusterId) {
        return tx.inTransaction("listing the virtual machines of a cluster", c -> vms.ofCluster(c, clusterId));
    }

    @Override
    public List<VirtualMachine> vmsOfHosts(Collection<String> hostIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(hostIds));
        // Bounded statements: at most 500 parameters each, as the host reports are read.
        return tx.inTransaction("listing the virtual machines of hosts", c -> {
            List<VirtualMachine> all = new ArrayList<>();
            for (int from = 0; from < ids.size(); from += PageRequest.MAX_LIMIT) {
                all.addAll(vms.ofHosts(c, ids.subList(from, Math.min(ids.size(), from + PageRequest.MAX_LIMIT))));
            }
            return all;
        });
    }

    @Override
    public Page<VirtualMachine> vmsInPools(Set<String> poolIds, PageRequest page) {
        if (poolIds.isEmpty()) {
            return new Page<>(List.of(), page.offset(), page.limit(), 0);
        }
        return tx.inTransaction("listing the virtual machines of pools", c -> vms.pageInPools(c, poolIds, page));
    }

    @Override
    public List<VirtualMachine> vmsOfPool(String poolId) {
        return tx.inTransaction("listing a pool's virtual machines", c -> vms.ofPool(c, poolId));
    }

    @Override
    public VirtualMachine setVmPool(String id, String poolId, String principal) {
        return tx.inTransaction("moving a virtual machine to a pool", c -> {
            VirtualMachine before = vms.lock(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            VirtualMachine after = VmDao.vm(
                    id,
                    before.hostId(),
                    before.hypervisorId(),
                    before.name(),
                    before.spec(),
                    before.state(),
                    before.managed(),
                    before.stateChanged(),
                    before.created(),
                    poolId,
                    before.template(),
                    before.origin());
            try {
                vms.update(c, after);
            } catch (SQLException e) {
                throw StoreRules.invalidIfReferenceMissing(e, "pool '" + poolId + "' does not exist");
            }
            history.record(c, principal, VM, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public List<VirtualMachine> createVms(String hostId, List<NewVm> newVms, String principal) {
        for (NewVm vm : newVms) {
            require(vm.id(), "id");
            require(vm.hypervisorId(), "hypervisorId");
            requireSpec(vm.spec());
            if (vm.state() == null) {
                throw StrataException.invalid("state is required");
            }
        }
        return tx.inTransaction(
                newVms.size() == 1 ? "recording a virtual machine" : "recording virtual machines", c -> {
                    StoredHost host = hosts.find(c, hostId)
                            .orElseThrow(() -> StrataException.invalid("host '" + hostId + "' does not exist"));
                    // The same lock deleteHost takes: the host cannot vanish between this check and the insert.
                    lockDatacenter(c, datacenters, host.datacenterId());
                    Instant now = Rows.now();
                    List<VirtualMachine> created = new ArrayList<>(newVms.size());
                    for (NewVm vm : newVms) {
                        VirtualMachine record = VmDao.vm(
                                vm.id(),
                                hostId,
                                vm.hypervisorId(),
                                vm.spec().name(),
                                vm.spec(),
                                vm.state(),
                                vm.managed(),
                                now,
                                now,
                                vm.poolId(),
                                false,
                                vm.origin());
                        try {
                            vms.insert(c, record);
                        } catch (SQLException e) {
                            throw conflictIfDuplicate(
                                    e,
                                    "virtual machine '" + vm.hypervisorId() + "' is already recorded on host '"
                                            + host.name() + "'");
                        }
                        history.record(c, principal, VM, vm.id(), Action.CREATE, null, record);
                        created.add(record);
                    }
                    return created;
                });
    }

    @Override
    public VirtualMachine updateVmSpec(String id, VmSpec spec, String principal) {
        requireSpec(spec);
        return tx.inTransaction("updating a virtual machine", c -> {
            VirtualMachine before = vms.lock(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            VirtualMachine after = VmDao.vm(
                    id,
                    before.hostId(),
                    before.hypervisorId(),
                    spec.name(),
                    spec,
                    before.state(),
                    before.managed(),
                    before.stateChanged(),
                    before.created(),
                    before.poolId(),
                    before.template(),
                    before.origin());
            vms.update(c, after);
            history.record(c, principal, VM, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public VirtualMachine updateVmState(String id, VmState state) {
        if (state == null) {
            throw StrataException.invalid("state is required");
        }
        return tx.inTransaction("recording a virtual machine's state", c -> {
            VirtualMachine before = vms.lock(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            return before.state() == state ? before : setState(c, before, state);
        });
    }

    @Override
    public Optional<VmState> changeVmState(String id, VmState state) {
        if (state == null) {
            throw StrataException.invalid("state is required");
        }
        return tx.inTransaction("recording a virtual machine's state", c -> {
            VmState before = vms.lockState(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            if (before == state) {
                return Optional.<VmState>empty();
            }
            vms.updateState(c, id, state, Rows.now());
            return Optional.of(before);
        });
    }

    @Override
    public Optional<Event> changeVmState(String id, VmState state, NewEvent event) {
        if (state == null) {
            throw StrataException.invalid("state is required");
        }
        StoreRules.requireEvent(event);
        return tx.inTransaction("recording a virtual machine's state", c -> {
            VmState before = vms.lockState(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            if (before == state) {
                return Optional.<Event>empty();
            }
            Instant now = Rows.now();
            vms.updateState(c, id, state, now);
            return Optional.of(events.insert(
                    c, now, event.severity(), event.type(), event.subjectType(), event.subjectId(), event.message()));
        });
    }

    private VirtualMachine setState(Connection c, VirtualMachine before, VmState state) throws SQLException {
        VirtualMachine after = VmDao.vm(
                before.id(),
                before.hostId(),
                before.hypervisorId(),
                before.name(),
                before.spec(),
                state,
                before.managed(),
                Rows.now(),
                before.created(),
                before.poolId(),
                before.template(),
                before.origin());
        vms.update(c, after);
        return after;
    }

    @Override
    public VirtualMachine moveVm(String id, String targetHostId, String principal) {
        require(targetHostId, "targetHostId");
        return tx.inTransaction("moving a virtual machine", c -> {
            VirtualMachine before = vms.lock(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            StoredHost target = hosts.find(c, targetHostId)
                    .orElseThrow(() -> StrataException.invalid("host '" + targetHostId + "' does not exist"));
            lockDatacenter(c, datacenters, target.datacenterId());
            VirtualMachine after = VmDao.vm(
                    id,
                    targetHostId,
                    before.hypervisorId(),
                    before.name(),
                    before.spec(),
                    before.state(),
                    before.managed(),
                    before.stateChanged(),
                    before.created(),
                    before.poolId(),
                    before.template(),
                    before.origin());
            try {
                vms.update(c, after);
            } catch (SQLException e) {
                throw conflictIfDuplicate(
                        e,
                        "virtual machine '" + before.hypervisorId() + "' is already recorded on host '" + target.name()
                                + "'");
            }
            history.record(c, principal, VM, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public void deleteVm(String id, String principal) {
        tx.inTransaction("removing a virtual machine", c -> {
            VirtualMachine before = vms.lock(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            vms.delete(c, id);
            history.record(c, principal, VM, id, Action.DELETE, before, null);
            return null;
        });
    }

    @Override
    public VirtualMachine setTemplate(String id, boolean template, String principal) {
        return tx.inTransaction(template ? "marking a template" : "unmarking a template", c -> {
            VirtualMachine before = vms.lock(c, id).orElseThrow(() -> StrataException.notFound(VM, id));
            if (before.template() == template) {
                return before;
            }
            if (!template) {
                List<VirtualMachine> clones = vms.linkedClonesOf(c, id);
                if (!clones.isEmpty()) {
                    throw StrataException.conflict("template '" + before.name() + "' is used by linked clones "
                            + names(clones) + ": their disks read from its disks");
                }
            }
            VirtualMachine after = VmDao.vm(
                    id,
                    before.hostId(),
                    before.hypervisorId(),
                    before.name(),
                    before.spec(),
                    before.state(),
                    before.managed(),
                    before.stateChanged(),
                    before.created(),
                    before.poolId(),
                    template,
                    before.origin());
            vms.update(c, after);
            history.record(c, principal, VM, id, Action.UPDATE, before, after);
            return after;
        });
    }

    @Override
    public List<VirtualMachine> linkedClonesOf(String id) {
        return tx.inTransaction("listing linked clones", c -> vms.linkedClonesOf(c, id));
    }

    /** 'a', 'b' and 'c' (at most ten, then "and N more"). */
    static String names(List<VirtualMachine> vms) {
        List<String> quoted =
                vms.stream().limit(10).map(v -> "'" + v.name() + "'").toList();
        String listed = quoted.size() == 1
                ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
        return vms.size() > 10 ? String.join(", ", quoted) + " and " + (vms.size() - 10) + " more" : listed;
    }

    private static void requireSpec(VmSpec spec) {
        if (spec == null) {
            throw StrataException.invalid("a virtual machine spec is required");
        }
        require(spec.name(), "name");
    }
}
