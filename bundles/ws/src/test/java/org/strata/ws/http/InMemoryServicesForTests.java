package org.strata.ws.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.strata.api.Datacenter;
import org.strata.api.DatacenterSpec;
import org.strata.api.DriverInfo;
import org.strata.api.DriverService;
import org.strata.api.ErrorCode;
import org.strata.api.Event;
import org.strata.api.EventService;
import org.strata.api.HistoryEntry;
import org.strata.api.HistoryService;
import org.strata.api.Host;
import org.strata.api.HostSpec;
import org.strata.api.InventoryService;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.PoolSpec;
import org.strata.api.ResourcePool;
import org.strata.api.StrataException;
import org.strata.api.Task;
import org.strata.api.TaskService;
import org.strata.api.TaskState;
import org.strata.api.VirtualMachine;

/**
 * Test doubles of the API services, for the in-process HTTP tests only: just enough behaviour to
 * drive the web layer (datacenters are stored; everything else is empty or not found). The real
 * implementations live in the core bundle and are tested end to end by the Pax Exam integration tests.
 */
final class InMemoryServicesForTests {

    private InMemoryServicesForTests() {
    }

    /** Datacenters in a map; pools and hosts never exist; a datacenter named "explode" fails with a bug. */
    static final class InMemoryInventoryServiceForTests implements InventoryService {
        private final Map<String, Datacenter> datacenters = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        final List<String> principals = new ArrayList<>();

        @Override
        public Page<Datacenter> datacenters(PageRequest page) {
            List<Datacenter> all = datacenters.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
            List<Datacenter> slice = all.stream().skip(page.offset()).limit(page.limit()).toList();
            return new Page<>(slice, page.offset(), page.limit(), all.size());
        }

        @Override
        public Datacenter datacenter(String id) {
            Datacenter d = datacenters.get(id);
            if (d == null) {
                throw StrataException.notFound("datacenter", id);
            }
            return d;
        }

        @Override
        public synchronized Datacenter createDatacenter(DatacenterSpec spec, String principal) {
            if (spec.name() == null || spec.name().isBlank()) {
                throw StrataException.invalid("name is required");
            }
            if ("explode".equals(spec.name())) {
                throw new IllegalStateException("simulated bug with secret internals");
            }
            if (datacenters.values().stream().anyMatch(d -> d.name().equals(spec.name()))) {
                throw StrataException.conflict("a datacenter named '" + spec.name() + "' exists");
            }
            principals.add(principal);
            Datacenter d = new Datacenter("dc-" + ids.incrementAndGet(), spec.name(), spec.description(),
                    Instant.parse("2024-05-01T10:00:00Z"));
            datacenters.put(d.id(), d);
            return d;
        }

        @Override
        public Datacenter updateDatacenter(String id, DatacenterSpec spec, String principal) {
            Datacenter old = datacenter(id);
            Datacenter d = new Datacenter(id, spec.name(), spec.description(), old.created());
            datacenters.put(id, d);
            return d;
        }

        @Override
        public void deleteDatacenter(String id, String principal) {
            datacenter(id);
            datacenters.remove(id);
        }

        @Override
        public Page<ResourcePool> pools(String datacenterId, PageRequest page) {
            return new Page<>(List.of(), page.offset(), page.limit(), 0);
        }

        @Override
        public ResourcePool pool(String id) {
            throw StrataException.notFound("pool", id);
        }

        @Override
        public ResourcePool createPool(PoolSpec spec, String principal) {
            throw StrataException.notFound("datacenter", spec.datacenterId());
        }

        @Override
        public ResourcePool updatePool(String id, PoolSpec spec, String principal) {
            throw StrataException.notFound("pool", id);
        }

        @Override
        public void deletePool(String id, String principal) {
            throw StrataException.notFound("pool", id);
        }

        @Override
        public Page<Host> hosts(String datacenterId, PageRequest page) {
            return new Page<>(List.of(), page.offset(), page.limit(), 0);
        }

        @Override
        public Host host(String id) {
            throw StrataException.notFound("host", id);
        }

        @Override
        public Host addHost(HostSpec spec, String principal) {
            throw new StrataException(ErrorCode.DRIVER_UNAVAILABLE, "driver '" + spec.driverId() + "' is not running");
        }

        @Override
        public Host updateHost(String id, HostSpec spec, String principal) {
            throw StrataException.notFound("host", id);
        }

        @Override
        public void removeHost(String id, String principal) {
            throw StrataException.notFound("host", id);
        }

        @Override
        public List<VirtualMachine> virtualMachines(String hostId) {
            throw StrataException.notFound("host", hostId);
        }

        @Override
        public Task powerVirtualMachine(String hostId, String vmId, String operation, String principal) {
            return task("power-" + operation, hostId, principal);
        }

        @Override
        public Task refreshHost(String hostId, String principal) {
            return task("refresh", hostId, principal);
        }

        private static Task task(String operation, String target, String principal) {
            return new Task("task-1", operation, "host", target, TaskState.QUEUED, 0, null, null, null, null,
                    principal, Instant.parse("2024-05-01T10:00:00Z"), null, null);
        }
    }

    static final class InMemoryDriverServiceForTests implements DriverService {
        private final DriverInfo demo = new DriverInfo("demo", "hypervisor", "Strata", "1.0", "demo driver",
                Set.of("VM_POWER", "VM_LIST"), "org.strata.drivers.demo");

        @Override
        public List<DriverInfo> drivers() {
            return List.of(demo);
        }

        @Override
        public DriverInfo driver(String id) {
            if (!demo.id().equals(id)) {
                throw StrataException.notFound("driver", id);
            }
            return demo;
        }
    }

    static final class InMemoryTaskServiceForTests implements TaskService {
        @Override
        public Page<Task> tasks(TaskState state, PageRequest page) {
            return new Page<>(List.of(), page.offset(), page.limit(), 0);
        }

        @Override
        public Task task(String id) {
            throw StrataException.notFound("task", id);
        }

        @Override
        public Task cancel(String id, String principal) {
            throw StrataException.notFound("task", id);
        }
    }

    static final class InMemoryEventServiceForTests implements EventService {
        @Override
        public Page<Event> events(String subjectId, PageRequest page) {
            return new Page<>(List.of(new Event(1, Instant.parse("2024-05-01T10:00:00Z"), Event.Severity.INFO,
                    "driver.started", "driver", "demo", "driver demo started")), page.offset(), page.limit(), 1);
        }
    }

    static final class InMemoryHistoryServiceForTests implements HistoryService {
        @Override
        public Page<HistoryEntry> history(String entityType, String entityId, PageRequest page) {
            return new Page<>(List.of(), page.offset(), page.limit(), 0);
        }
    }
}
