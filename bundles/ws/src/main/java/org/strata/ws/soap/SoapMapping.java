package org.strata.ws.soap;

import java.util.ArrayList;
import org.strata.api.Datacenter;
import org.strata.api.DatacenterSpec;
import org.strata.api.DriverInfo;
import org.strata.api.Host;
import org.strata.api.HostSpec;
import org.strata.api.Page;
import org.strata.api.PoolSpec;
import org.strata.api.ResourcePool;
import org.strata.api.StrataException;
import org.strata.api.Task;
import org.strata.api.VirtualMachine;

/** From the API's records to the SOAP DTOs and back. */
final class SoapMapping {

    private SoapMapping() {
    }

    static DatacenterDto datacenter(Datacenter d) {
        DatacenterDto dto = new DatacenterDto();
        dto.id = d.id();
        dto.name = d.name();
        dto.description = d.description();
        dto.created = d.created();
        return dto;
    }

    static DatacenterPageDto datacenters(Page<Datacenter> page) {
        DatacenterPageDto dto = new DatacenterPageDto();
        dto.position(page);
        page.items().forEach(d -> dto.items.add(datacenter(d)));
        return dto;
    }

    static DatacenterSpec spec(DatacenterSpecDto dto) {
        required(dto, "spec");
        return new DatacenterSpec(dto.name, dto.description);
    }

    static PoolDto pool(ResourcePool p) {
        PoolDto dto = new PoolDto();
        dto.id = p.id();
        dto.datacenterId = p.datacenterId();
        dto.parentId = p.parentId();
        dto.name = p.name();
        dto.description = p.description();
        dto.cpuLimit = p.cpuLimit();
        dto.memoryLimitMb = p.memoryLimitMb();
        dto.created = p.created();
        return dto;
    }

    static PoolPageDto pools(Page<ResourcePool> page) {
        PoolPageDto dto = new PoolPageDto();
        dto.position(page);
        page.items().forEach(p -> dto.items.add(pool(p)));
        return dto;
    }

    static PoolSpec spec(PoolSpecDto dto) {
        required(dto, "spec");
        return new PoolSpec(dto.datacenterId, dto.parentId, dto.name, dto.description, dto.cpuLimit, dto.memoryLimitMb);
    }

    static HostDto host(Host h) {
        HostDto dto = new HostDto();
        dto.id = h.id();
        dto.name = h.name();
        dto.datacenterId = h.datacenterId();
        dto.poolId = h.poolId();
        dto.driverId = h.driverId();
        dto.address = h.address();
        dto.username = h.username();
        dto.hasPassword = h.hasPassword();
        dto.state = h.state() == null ? null : h.state().name();
        dto.stateReason = h.stateReason();
        dto.created = h.created();
        return dto;
    }

    static HostPageDto hosts(Page<Host> page) {
        HostPageDto dto = new HostPageDto();
        dto.position(page);
        page.items().forEach(h -> dto.items.add(host(h)));
        return dto;
    }

    static HostSpec spec(HostSpecDto dto) {
        required(dto, "spec");
        return new HostSpec(dto.name, dto.datacenterId, dto.poolId, dto.driverId, dto.address, dto.username,
                dto.password);
    }

    static VirtualMachineDto virtualMachine(VirtualMachine vm) {
        VirtualMachineDto dto = new VirtualMachineDto();
        dto.id = vm.id();
        dto.hostId = vm.hostId();
        dto.name = vm.name();
        dto.state = vm.state() == null ? null : vm.state().name();
        dto.cpus = vm.cpus();
        dto.memoryMb = vm.memoryMb();
        return dto;
    }

    static DriverDto driver(DriverInfo d) {
        DriverDto dto = new DriverDto();
        dto.id = d.id();
        dto.kind = d.kind();
        dto.vendor = d.vendor();
        dto.version = d.version();
        dto.description = d.description();
        dto.capabilities = new ArrayList<>(d.capabilities());
        dto.capabilities.sort(null);
        dto.bundle = d.bundle();
        return dto;
    }

    static TaskDto task(Task t) {
        TaskDto dto = new TaskDto();
        dto.id = t.id();
        dto.operation = t.operation();
        dto.targetType = t.targetType();
        dto.targetId = t.targetId();
        dto.state = t.state() == null ? null : t.state().name();
        dto.progress = t.progress();
        dto.message = t.message();
        dto.result = t.result();
        dto.errorCode = t.errorCode() == null ? null : t.errorCode().name();
        dto.errorMessage = t.errorMessage();
        dto.principal = t.principal();
        dto.created = t.created();
        dto.started = t.started();
        dto.finished = t.finished();
        return dto;
    }

    static TaskPageDto tasks(Page<Task> page) {
        TaskPageDto dto = new TaskPageDto();
        dto.position(page);
        page.items().forEach(t -> dto.items.add(task(t)));
        return dto;
    }

    private static void required(Object value, String name) {
        if (value == null) {
            throw StrataException.invalid("'" + name + "' is required");
        }
    }
}
