package org.strata.core.inventory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.HostState;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.operation.Operation;
import org.strata.api.operation.OperationTarget;
import org.strata.api.operation.Operations;
import org.strata.api.task.Task;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmState;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.drivers.DriverVocabulary;
import org.strata.core.layers.LayerHooks;
import org.strata.core.sessions.HostSessions;
import org.strata.core.sessions.HostStates;
import org.strata.core.sync.VmSynchronizer;
import org.strata.core.tasks.TaskManager;
import org.strata.core.vm.VmManager;
import org.strata.core.vm.VmSpecs;
import org.strata.repository.DatacenterStore;
import org.strata.repository.HostStore;
import org.strata.repository.StoredHost;
import org.strata.repository.VmStore;
import org.strata.spi.hypervisor.HostFacts;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.HypervisorSession;
import org.strata.spi.hypervisor.VmInfo;

/**
 * The inventory service: configuration from the repository, live state from the drivers. Writes are
 * validated here, then made in one repository transaction; driver calls happen outside transactions, so
 * a driver failure can never leave a half-written change.
 */
@Component(service = InventoryService.class)
public final class InventoryManager implements InventoryService {

    private final HostStore repository;
    private final DatacenterStore datacenterStore;
    private final VmStore vmStore;
    private final DriverRegistry drivers;
    private final TaskManager tasks;
    private final HostSessions sessions;
    private final VmManager vms;
    private final VmSynchronizer synchronizer;
    private final LayerHooks hooks;

    @Activate
    public InventoryManager(
            @Reference HostStore repository,
            @Reference DatacenterStore datacenterStore,
            @Reference VmStore vmStore,
            @Reference DriverRegistry drivers,
            @Reference TaskManager tasks,
            @Reference HostSessions sessions,
            @Reference VmManager vms,
            @Reference VmSynchronizer synchronizer,
            @Reference LayerHooks hooks) {
        this.hooks = hooks;
        this.repository = repository;
        this.datacenterStore = datacenterStore;
        this.vmStore = vmStore;
        this.drivers = drivers;
        this.tasks = tasks;
        this.sessions = sessions;
        this.vms = vms;
        this.synchronizer = synchronizer;
    }

    // ---- datacenters

    @Override
    public Page<Datacenter> datacenters(PageRequest page) {
        return datacenterStore.datacenters(page);
    }

    @Override
    public Datacenter datacenter(String id) {
        return datacenterStore.datacenter(id).orElseThrow(() -> StrataException.notFound("datacenter", id));
    }

    @Override
    public Datacenter createDatacenter(DatacenterSpec spec, String principal) {
        return datacenterStore.createDatacenter(Validation.datacenter(spec), principal);
    }

    @Override
    public Datacenter updateDatacenter(String id, DatacenterSpec spec, String principal) {
        return datacenterStore.updateDatacenter(id, Validation.datacenter(spec), principal);
    }

    @Override
    public void deleteDatacenter(String id, String principal) {
        datacenterStore.deleteDatacenter(id, principal);
    }

    // ---- pools

    @Override
    public Page<ResourcePool> pools(String datacenterId, PageRequest page) {
        return datacenterStore.pools(blankToNull(datacenterId), page);
    }

    @Override
    public ResourcePool pool(String id) {
        return datacenterStore.pool(id).orElseThrow(() -> StrataException.notFound("pool", id));
    }

    @Override
    public ResourcePool createPool(PoolSpec spec, String principal) {
        PoolSpec valid = Validation.pool(spec);
        hooks.checkPool(null, valid);
        return datacenterStore.createPool(valid, principal);
    }

    @Override
    public ResourcePool updatePool(String id, PoolSpec spec, String principal) {
        PoolSpec valid = Validation.pool(spec);
        hooks.checkPool(id, valid);
        return datacenterStore.updatePool(id, valid, principal);
    }

    @Override
    public void deletePool(String id, String principal) {
        datacenterStore.deletePool(id, principal);
    }

    // ---- hosts

    @Override
    public Page<Host> hosts(String datacenterId, PageRequest page) {
        Page<StoredHost> stored = repository.hosts(blankToNull(datacenterId), page);
        // One query for the reports of the whole page, not one per host.
        Map<String, HostInfo> infos =
                repository.hostInfos(stored.items().stream().map(StoredHost::id).toList());
        return stored.map(h -> withState(h, infos.get(h.id())));
    }

    @Override
    public Host host(String id) {
        return withState(stored(id));
    }

    /**
     * Adds a host. Its kind comes from its driver's descriptor when the driver runs; a host whose driver is not
     * running can be added (it then reads DRIVER_UNAVAILABLE until the driver comes) only when the request says its
     * kind, since nothing else can. Strata contacts a new host in the background, never during the request.
     */
    @Override
    public Host addHost(HostSpec spec, String principal) {
        HostSpec valid = withKind(Validation.host(spec), null);
        checkVocabulary(valid);
        checkBmc(null, valid);
        StoredHost created = repository.createHost(valid, principal);
        // Its VMs join the inventory in the background, as they would in vCenter after "add host".
        synchronizer.reconcileSoon(created.id());
        return withState(created);
    }

    @Override
    public Host updateHost(String id, HostSpec spec, String principal) {
        HostSpec checked = Validation.host(spec);
        StoredHost before = stored(id);
        // Without a kind in the request, a driver that is not running is accepted on a change only when it is the
        // host's own (its driver is away): then the recorded kind still holds.
        HostSpec valid = withKind(checked, before.driverId().equals(checked.driverId()) ? before.kind() : null);
        checkVocabulary(valid);
        checkBmc(id, valid);
        StoredHost after = repository.updateHost(id, valid, principal);
        // The address or credentials may have changed: the next call opens a session with the new ones.
        sessions.forget(id);
        return withState(after);
    }

    @Override
    public void removeHost(String id, String principal) {
        repository.deleteHost(id, principal);
        sessions.forget(id);
    }

    // ---- what runs on hosts

    /** Asked of the host now; VMs the inventory knows come with their Strata id and spec. */
    @Override
    public List<VirtualMachine> virtualMachines(String hostId) {
        StoredHost host = stored(hostId);
        List<VmInfo> live = sessions.call(host, HypervisorSession::listVms);
        Map<String, VirtualMachine> known = new HashMap<>();
        vmStore.vmsOfHost(host.id()).forEach(vm -> known.put(vm.hypervisorId(), vm));
        return live.stream()
                .map(info -> {
                    VirtualMachine vm = known.get(info.id());
                    VmState state = VmSpecs.state(info.state());
                    return vm == null
                            ? new VirtualMachine(
                                    info.id(), host.id(), info.name(), state, info.cpus(), info.memoryBytes() >> 20)
                            : new VirtualMachine(
                                    vm.id(),
                                    vm.hostId(),
                                    vm.name(),
                                    state,
                                    vm.cpus(),
                                    vm.memoryMb(),
                                    vm.hypervisorId(),
                                    vm.spec(),
                                    vm.managed(),
                                    vm.stateChanged(),
                                    vm.created(),
                                    vm.poolId());
                })
                .toList();
    }

    /**
     * The first API's way to power a VM (behind REST's legacy {@code POST /hosts/{id}/vms/{vm}/{op}} and SOAP's
     * {@code powerVirtualMachine}), kept for its callers: the VM is named by its Strata id or its hypervisor
     * id on that host, and the request goes to the VM service, with its state checks; the task's result stays
     * the power state afterwards, as before.
     *
     * <p>A VM the inventory does not know yet may be one the host has and the synchronizer has not seen: finding
     * it means reconciling the whole host, which takes as long as listing all its VMs, so that is done in a task
     * (on the host: the VM has no Strata id yet) that then powers the VM, never on the caller's thread. Such a
     * task fails with NOT_FOUND if the host has no such VM, and with the VM service's own errors otherwise.
     */
    @Override
    public Task powerVirtualMachine(String hostId, String vmId, String operation, String principal) {
        Operation declared = Operations.require(OperationTarget.HOST_VM, "operation", operation);
        String op = declared.name();
        Validation.id(vmId, "vmId");
        StoredHost host = stored(hostId);
        drivers.require(host, HypervisorDriver.class, "host '" + host.name() + "'");
        Optional<VirtualMachine> known = find(host, vmId);
        if (known.isPresent()) {
            return vms.power(known.get().id(), op, principal);
        }
        return tasks.submit(declared.task(), "host", host.id(), principal, context -> {
            context.progress(5, "looking for VM '" + vmId + "' on " + host.name());
            synchronizer.reconcile(host.id());
            String id = find(host, vmId)
                    .orElseThrow(() -> StrataException.notFound("VM", vmId))
                    .id();
            return vms.powerWork(id, op).run(context);
        });
    }

    private Optional<VirtualMachine> find(StoredHost host, String vmId) {
        return vmStore.vm(vmId)
                .filter(vm -> vm.hostId().equals(host.id()))
                .or(() -> vmStore.vmByHypervisorId(host.id(), vmId));
    }

    /** Reads the host's facts (recorded as its info when the session opens) and reconciles its VMs. */
    @Override
    public Task refreshHost(String hostId, String principal) {
        StoredHost host = stored(hostId);
        drivers.require(host, HypervisorDriver.class, "host '" + host.name() + "'");
        return tasks.submit("host.refresh", "host", hostId, principal, context -> {
            context.progress(10, "connecting to " + host.name());
            HostFacts facts = sessions.refreshInfo(host);
            context.progress(50, "reconciling virtual machines");
            String reconciled = synchronizer.reconcile(host.id());
            return facts.hypervisor() + " " + facts.hypervisorVersion() + ", " + facts.cpus() + " CPUs, "
                    + (facts.memoryBytes() >> 20) + " MiB; " + reconciled;
        });
    }

    // ---- helpers

    private Host withState(StoredHost h) {
        return withState(h, repository.hostInfo(h.id()).orElse(null));
    }

    private Host withState(StoredHost h, HostInfo info) {
        HostState state;
        String reason;
        if (!drivers.isAvailable(h.driverId())) {
            state = HostState.DRIVER_UNAVAILABLE;
            reason = "driver '" + h.driverId() + "' is not running";
        } else {
            HostStates.Contact contact = sessions.state(h.id());
            state = contact.state();
            reason = contact.reason();
        }
        // A host recorded before kinds were shows its running driver's until HostKindRecorder has stored it.
        HostKind kind = kindOf(h);
        if (state != HostState.DRIVER_UNAVAILABLE && kind != null) {
            Optional<HostKind> driverKind = drivers.descriptor(h.driverId()).flatMap(d -> HostKinds.of(d.kind()));
            if (driverKind.isPresent() && driverKind.get() != kind) {
                // Recorded while the driver was away, with a kind the driver turned out not to manage.
                state = HostState.DRIVER_UNAVAILABLE;
                reason = "driver '" + h.driverId() + "' manages " + driverKind.get() + " hosts, but this host is"
                        + " recorded as " + kind + ": change its driver or remove it";
            }
        }
        return new Host(
                h.id(),
                h.name(),
                h.datacenterId(),
                h.poolId(),
                h.driverId(),
                h.address(),
                h.username(),
                h.hasPassword(),
                state,
                reason,
                h.created(),
                info,
                h.bmcHostId(),
                kind);
    }

    /** The spec with the kind the rules give it (see {@link HostKinds#decide}). */
    private HostSpec withKind(HostSpec spec, HostKind stored) {
        if (spec.kind() == null && stored == null && !drivers.isAvailable(spec.driverId())) {
            String known = drivers.availableIds();
            throw StrataException.invalid("no driver '" + spec.driverId() + "' is running"
                    + (known.isEmpty() ? "" : "; running drivers: " + known)
                    + "; to add a host before its driver runs, give its kind (HYPERVISOR, STORAGE or MACHINE)");
        }
        HostKind kind = HostKinds.decide(
                drivers.descriptor(spec.driverId()).orElse(null), spec.driverId(), spec.kind(), stored);
        return new HostSpec(
                spec.name(),
                spec.datacenterId(),
                spec.poolId(),
                spec.driverId(),
                spec.address(),
                spec.username(),
                spec.password(),
                spec.bmcHostId(),
                kind);
    }

    /**
     * The credentials must be what the host's driver takes (a BMC protocol may carry only short user names): told
     * now, not at the first contact. A driver that is not running cannot say; the host is then accepted as given,
     * and what its technology cannot carry fails when the driver first contacts it. A password left out of a change
     * is the stored one, which is not read back to be checked again.
     */
    private void checkVocabulary(HostSpec spec) {
        DriverVocabulary.of(drivers, spec.name(), spec.driverId()).credentials(spec.username(), spec.password());
    }

    /**
     * A named BMC must be another existing host that is a bare-metal machine, so that fencing and power
     * management can later act on it; a machine itself has no BMC but its own. The repository repeats the
     * existence check inside its transaction, which covers a BMC removed meanwhile.
     *
     * @param hostId the host being changed, null when it is being added
     */
    private void checkBmc(String hostId, HostSpec spec) {
        String bmcId = spec.bmcHostId();
        if (bmcId == null) {
            return;
        }
        if (bmcId.equals(hostId)) {
            throw StrataException.invalid("a host cannot be its own BMC");
        }
        if (spec.kind() == HostKind.MACHINE) {
            throw StrataException.invalid("host '" + spec.name() + "' is a bare-metal machine (kind MACHINE, driver '"
                    + spec.driverId() + "') and cannot name a BMC");
        }
        StoredHost bmc = repository
                .host(bmcId)
                .orElseThrow(() -> StrataException.invalid("BMC host '" + bmcId + "' does not exist"));
        if (kindOf(bmc) != HostKind.MACHINE) {
            throw StrataException.invalid("host '" + bmc.name() + "' is not a bare-metal machine");
        }
    }

    /** The recorded kind; for a host recorded before kinds were, its running driver's, if any. */
    private HostKind kindOf(StoredHost host) {
        return host.kind() != null
                ? host.kind()
                : drivers.descriptor(host.driverId())
                        .flatMap(d -> HostKinds.of(d.kind()))
                        .orElse(null);
    }

    private StoredHost stored(String id) {
        return repository.host(id).orElseThrow(() -> StrataException.notFound("host", id));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
