package org.strata.core.inventory;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.api.Datacenter;
import org.strata.api.DatacenterSpec;
import org.strata.api.ErrorCode;
import org.strata.api.Host;
import org.strata.api.HostSpec;
import org.strata.api.HostState;
import org.strata.api.InventoryService;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.PoolSpec;
import org.strata.api.ResourcePool;
import org.strata.api.StrataException;
import org.strata.api.Task;
import org.strata.api.VirtualMachine;
import org.strata.api.VmState;
import org.strata.core.drivers.DriverFaults;
import org.strata.core.drivers.DriverRegistry;
import org.strata.core.events.EventLog;
import org.strata.core.tasks.TaskManager;
import org.strata.repository.ConfigRepository;
import org.strata.repository.StoredHost;
import org.strata.spi.Capability;
import org.strata.spi.DriverException;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;
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

    private static final Set<String> POWER_OPERATIONS = Set.of("start", "shutdown", "poweroff");

    private final ConfigRepository repository;
    private final DriverRegistry drivers;
    private final TaskManager tasks;
    private final HostStates states;

    @Activate
    public InventoryManager(@Reference ConfigRepository repository, @Reference DriverRegistry drivers,
                            @Reference TaskManager tasks, @Reference EventLog events) {
        this.repository = repository;
        this.drivers = drivers;
        this.tasks = tasks;
        this.states = new HostStates(events);
    }

    // ---- datacenters

    @Override
    public Page<Datacenter> datacenters(PageRequest page) {
        return repository.datacenters(page);
    }

    @Override
    public Datacenter datacenter(String id) {
        return repository.datacenter(id).orElseThrow(() -> StrataException.notFound("datacenter", id));
    }

    @Override
    public Datacenter createDatacenter(DatacenterSpec spec, String principal) {
        return repository.createDatacenter(Validation.datacenter(spec), principal);
    }

    @Override
    public Datacenter updateDatacenter(String id, DatacenterSpec spec, String principal) {
        return repository.updateDatacenter(id, Validation.datacenter(spec), principal);
    }

    @Override
    public void deleteDatacenter(String id, String principal) {
        repository.deleteDatacenter(id, principal);
    }

    // ---- pools

    @Override
    public Page<ResourcePool> pools(String datacenterId, PageRequest page) {
        return repository.pools(blankToNull(datacenterId), page);
    }

    @Override
    public ResourcePool pool(String id) {
        return repository.pool(id).orElseThrow(() -> StrataException.notFound("pool", id));
    }

    @Override
    public ResourcePool createPool(PoolSpec spec, String principal) {
        return repository.createPool(Validation.pool(spec), principal);
    }

    @Override
    public ResourcePool updatePool(String id, PoolSpec spec, String principal) {
        return repository.updatePool(id, Validation.pool(spec), principal);
    }

    @Override
    public void deletePool(String id, String principal) {
        repository.deletePool(id, principal);
    }

    // ---- hosts

    @Override
    public Page<Host> hosts(String datacenterId, PageRequest page) {
        return repository.hosts(blankToNull(datacenterId), page).map(this::withState);
    }

    @Override
    public Host host(String id) {
        return withState(stored(id));
    }

    @Override
    public Host addHost(HostSpec spec, String principal) {
        HostSpec valid = Validation.host(spec);
        requireKnownDriver(valid.driverId());
        return withState(repository.createHost(valid, principal));
    }

    @Override
    public Host updateHost(String id, HostSpec spec, String principal) {
        HostSpec valid = Validation.host(spec);
        StoredHost before = stored(id);
        if (!before.driverId().equals(valid.driverId())) {
            requireKnownDriver(valid.driverId());
        }
        StoredHost after = repository.updateHost(id, valid, principal);
        states.forget(id);
        return withState(after);
    }

    @Override
    public void removeHost(String id, String principal) {
        repository.deleteHost(id, principal);
        states.forget(id);
    }

    // ---- what runs on hosts

    @Override
    public List<VirtualMachine> virtualMachines(String hostId) {
        StoredHost host = stored(hostId);
        return withSession(host, session -> session.listVms().stream().map(vm -> vm(host.id(), vm)).toList());
    }

    @Override
    public Task powerVirtualMachine(String hostId, String vmId, String operation, String principal) {
        String op = operation == null ? "" : operation.toLowerCase(Locale.ROOT);
        if (!POWER_OPERATIONS.contains(op)) {
            throw StrataException.invalid("unknown power operation '" + operation + "'; use one of "
                    + String.join(", ", POWER_OPERATIONS.stream().sorted().toList()));
        }
        Validation.id(vmId, "vmId");
        StoredHost host = stored(hostId);
        // Checked now, so that a request that cannot work fails at once instead of as a task.
        drivers.require(host.driverId(), HypervisorDriver.class, "host '" + host.name() + "'");
        if (drivers.descriptor(host.driverId()).map(d -> !d.can(Capability.VM_POWER)).orElse(true)) {
            throw new StrataException(ErrorCode.UNSUPPORTED,
                    "driver '" + host.driverId() + "' cannot change the power state of virtual machines");
        }
        return tasks.submit("vm." + op, "vm", vmId, principal, context -> {
            context.progress(10, "contacting host " + host.name());
            return withSession(host, session -> {
                context.checkCancelled();
                switch (op) {
                    case "start" -> session.start(vmId);
                    case "shutdown" -> session.shutdown(vmId);
                    default -> session.powerOff(vmId);
                }
                return state(session.vm(vmId).state()).name();
            });
        });
    }

    @Override
    public Task refreshHost(String hostId, String principal) {
        StoredHost host = stored(hostId);
        drivers.require(host.driverId(), HypervisorDriver.class, "host '" + host.name() + "'");
        return tasks.submit("host.refresh", "host", hostId, principal, context -> {
            context.progress(10, "connecting to " + host.name());
            return withSession(host, session -> {
                HostFacts facts = session.facts();
                context.progress(50, "reading virtual machines");
                int vms = session.listVms().size();
                return facts.hypervisor() + " " + facts.hypervisorVersion() + ", " + facts.cpus() + " CPUs, "
                        + (facts.memoryBytes() >> 20) + " MiB, " + vms + " virtual machines";
            });
        });
    }

    // ---- helpers

    /** Runs one conversation with a host's hypervisor driver and records how the contact went. */
    private <T> T withSession(StoredHost host, Function<HypervisorSession, T> work) {
        HypervisorDriver driver = drivers.require(host.driverId(), HypervisorDriver.class,
                "host '" + host.name() + "'");
        char[] password = host.hasPassword() ? repository.hostPassword(host.id()) : new char[0];
        Endpoint endpoint = new Endpoint(host.address(), host.username(), Secret.of(password), null);
        Arrays.fill(password, '\0');
        try (HypervisorSession session = driver.open(endpoint)) {
            T result = work.apply(session);
            states.record(host.id(), HostState.AVAILABLE, null);
            return result;
        } catch (DriverException e) {
            switch (e.fault()) {
                case UNREACHABLE -> states.record(host.id(), HostState.UNREACHABLE, e.getMessage());
                case AUTHENTICATION_FAILED -> states.record(host.id(), HostState.AUTHENTICATION_FAILED, e.getMessage());
                default -> states.record(host.id(), HostState.AVAILABLE, null);
            }
            throw DriverFaults.toApi(e);
        }
    }

    private Host withState(StoredHost h) {
        HostState state;
        String reason;
        if (!drivers.isAvailable(h.driverId())) {
            state = HostState.DRIVER_UNAVAILABLE;
            reason = "driver '" + h.driverId() + "' is not running";
        } else {
            HostStates.Contact contact = states.last(h.id());
            state = contact.state();
            reason = contact.reason();
        }
        return new Host(h.id(), h.name(), h.datacenterId(), h.poolId(), h.driverId(), h.address(), h.username(),
                h.hasPassword(), state, reason, h.created());
    }

    private StoredHost stored(String id) {
        return repository.host(id).orElseThrow(() -> StrataException.notFound("host", id));
    }

    private void requireKnownDriver(String driverId) {
        if (!drivers.isAvailable(driverId)) {
            String known = drivers.availableIds();
            throw StrataException.invalid("no driver '" + driverId + "' is running"
                    + (known.isEmpty() ? "" : "; running drivers: " + known));
        }
    }

    private static VirtualMachine vm(String hostId, VmInfo vm) {
        return new VirtualMachine(vm.id(), hostId, vm.name(), state(vm.state()), vm.vcpus(), vm.memoryBytes() >> 20);
    }

    private static VmState state(VmInfo.PowerState state) {
        return VmState.valueOf(state.name());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
