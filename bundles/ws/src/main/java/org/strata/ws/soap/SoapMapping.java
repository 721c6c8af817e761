package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.strata.api.Page;
import org.strata.api.StrataException;
import org.strata.api.datacenter.Allocation;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.datacenter.ClusterSpec;
import org.strata.api.datacenter.HostVerdict;
import org.strata.api.datacenter.PlacementExplanation;
import org.strata.api.datacenter.PoolUsage;
import org.strata.api.datacenter.Quota;
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.TenantSpec;
import org.strata.api.datacenter.TenantUsage;
import org.strata.api.driver.DriverInfo;
import org.strata.api.hardware.BmcCredentials;
import org.strata.api.hardware.DiscoveryRequest;
import org.strata.api.hardware.FruRecord;
import org.strata.api.hardware.HardwareInventory;
import org.strata.api.hardware.MachinePower;
import org.strata.api.hardware.SelRecord;
import org.strata.api.hardware.Sensor;
import org.strata.api.hardware.SensorSample;
import org.strata.api.health.Health;
import org.strata.api.health.HealthCheck;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostInfo;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.api.monitor.GuestSample;
import org.strata.api.monitor.HostSample;
import org.strata.api.monitor.VmSample;
import org.strata.api.storage.StoragePool;
import org.strata.api.storage.Volume;
import org.strata.api.storage.VolumeImport;
import org.strata.api.storage.VolumeSpec;
import org.strata.api.task.Task;
import org.strata.api.vm.Console;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmGraphics;
import org.strata.api.vm.VmGuest;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmResources;
import org.strata.api.vm.VmSpec;

/** From the API's records to the SOAP DTOs and back. */
final class SoapMapping {

    private SoapMapping() {}

    static EventDto event(org.strata.api.event.Event e) {
        EventDto dto = new EventDto();
        dto.id = e.id();
        dto.time = e.time();
        dto.severity = e.severity().name();
        dto.type = e.type();
        dto.subjectType = e.subjectType();
        dto.subjectId = e.subjectId();
        dto.message = e.message();
        return dto;
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
        dto.clusterId = p.clusterId();
        dto.tenantId = p.tenantId();
        dto.cpuShares = p.cpuShares();
        dto.memoryShares = p.memoryShares();
        dto.cpuReservation = p.cpuReservation();
        dto.memoryReservationMb = p.memoryReservationMb();
        dto.expandable = p.expandable();
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
        return new PoolSpec(
                dto.datacenterId,
                dto.parentId,
                dto.name,
                dto.description,
                dto.cpuLimit,
                dto.memoryLimitMb,
                dto.clusterId,
                dto.tenantId,
                dto.cpuShares,
                dto.memoryShares,
                dto.cpuReservation,
                dto.memoryReservationMb,
                dto.expandable);
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
        dto.info = h.info() == null ? null : hostInfo(h.info());
        dto.bmcHostId = h.bmcHostId();
        dto.kind = h.kind() == null ? null : h.kind().name();
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
        return new HostSpec(
                dto.name,
                dto.datacenterId,
                dto.poolId,
                dto.driverId,
                dto.address,
                dto.username,
                dto.password,
                dto.bmcHostId,
                hostKind(dto.kind));
    }

    /** The kind as REST takes it: one of the names exactly, or none. */
    static HostKind hostKind(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return HostKind.valueOf(value.trim());
        } catch (IllegalArgumentException e) {
            throw StrataException.invalid("kind must be one of "
                    + java.util.Arrays.stream(HostKind.values())
                            .map(Enum::name)
                            .collect(java.util.stream.Collectors.joining(", "))
                    + ", was '" + value + "'");
        }
    }

    static VirtualMachineDto virtualMachine(VirtualMachine vm) {
        VirtualMachineDto dto = new VirtualMachineDto();
        dto.id = vm.id();
        dto.hostId = vm.hostId();
        dto.name = vm.name();
        dto.state = vm.state() == null ? null : vm.state().name();
        dto.cpus = vm.cpus();
        dto.memoryMb = vm.memoryMb();
        dto.hypervisorId = vm.hypervisorId();
        dto.managed = vm.managed();
        dto.spec = vm.spec() == null ? null : vmSpec(vm.spec());
        dto.stateChanged = vm.stateChanged();
        dto.created = vm.created();
        dto.poolId = vm.poolId();
        dto.template = vm.template();
        dto.originId = vm.origin() == null ? null : vm.origin().sourceId();
        dto.originLinked = vm.origin() != null && vm.origin().linked();
        return dto;
    }

    static VmSnapshotDto snapshot(org.strata.api.vm.VmSnapshot s) {
        VmSnapshotDto dto = new VmSnapshotDto();
        dto.name = s.name();
        dto.parent = s.parent();
        dto.description = s.description();
        dto.created = s.created();
        dto.state = s.state() == null ? null : s.state().name();
        dto.withMemory = s.withMemory();
        dto.quiesced = s.quiesced();
        dto.current = s.current();
        return dto;
    }

    static VmPageDto virtualMachines(Page<VirtualMachine> page) {
        VmPageDto dto = new VmPageDto();
        dto.position(page);
        page.items().forEach(vm -> dto.items.add(virtualMachine(vm)));
        return dto;
    }

    static HostInfoDto hostInfo(HostInfo i) {
        HostInfoDto dto = new HostInfoDto();
        dto.hostname = i.hostname();
        dto.hypervisor = i.hypervisor();
        dto.hypervisorVersion = i.hypervisorVersion();
        dto.cpuModel = i.cpuModel();
        dto.cpus = i.cpus();
        dto.memoryMb = i.memoryMb();
        for (HostInfo.NumaNode n : i.numaNodes()) {
            NumaNodeDto node = new NumaNodeDto();
            node.id = n.id();
            node.cpus = n.cpus();
            node.memoryMb = n.memoryMb();
            dto.numaNodes.add(node);
        }
        dto.guestTypes = sorted(i.guestTypes());
        dto.capabilities = sorted(i.capabilities());
        dto.refreshed = i.refreshed();
        return dto;
    }

    private static List<String> sorted(java.util.Collection<String> values) {
        List<String> list = new ArrayList<>(values);
        list.sort(null);
        return list;
    }

    static VmSpecDto vmSpec(VmSpec s) {
        VmSpecDto dto = new VmSpecDto();
        dto.name = s.name();
        dto.cpus = s.cpus();
        dto.memoryMb = s.memoryMb();
        dto.guestMode = s.guestMode();
        s.disks().forEach(d -> dto.disks.add(disk(d)));
        s.nics().forEach(n -> dto.nics.add(nic(n)));
        dto.pciDevices = new ArrayList<>(s.pciDevices());
        dto.bootOrder = new ArrayList<>(s.bootOrder());
        if (s.graphics() != null) {
            VmGraphicsDto g = new VmGraphicsDto();
            g.type = s.graphics().type();
            g.listen = s.graphics().listen();
            g.port = s.graphics().port();
            dto.graphics = g;
        }
        dto.serialConsole = s.serialConsole();
        dto.resources = s.resources() == null ? null : resources(s.resources());
        dto.serialNumber = s.serialNumber();
        return dto;
    }

    static VmSpec spec(VmSpecDto dto) {
        required(dto, "spec");
        VmGraphics graphics =
                dto.graphics == null ? null : new VmGraphics(dto.graphics.type, dto.graphics.listen, dto.graphics.port);
        return new VmSpec(
                dto.name,
                dto.cpus,
                dto.memoryMb,
                dto.guestMode,
                dto.disks == null
                        ? null
                        : dto.disks.stream().map(SoapMapping::spec).toList(),
                dto.nics == null
                        ? null
                        : dto.nics.stream().map(SoapMapping::spec).toList(),
                dto.pciDevices,
                dto.bootOrder,
                graphics,
                dto.serialConsole,
                dto.resources == null ? null : spec(dto.resources),
                dto.serialNumber);
    }

    static VmDiskDto disk(VmDisk d) {
        VmDiskDto dto = new VmDiskDto();
        dto.device = d.device();
        dto.source = d.source();
        dto.format = d.format();
        dto.bus = d.bus();
        dto.target = d.target();
        dto.readOnly = d.readOnly();
        return dto;
    }

    static VmDisk spec(VmDiskDto dto) {
        required(dto, "disk");
        return new VmDisk(dto.device, dto.source, dto.format, dto.bus, dto.target, dto.readOnly);
    }

    static VmNicDto nic(VmNic n) {
        VmNicDto dto = new VmNicDto();
        dto.attachment = n.attachment();
        dto.source = n.source();
        dto.mac = n.mac();
        dto.model = n.model();
        return dto;
    }

    static VmNic spec(VmNicDto dto) {
        required(dto, "nic");
        return new VmNic(dto.attachment, dto.source, dto.mac, dto.model);
    }

    static VmResourcesDto resources(VmResources r) {
        VmResourcesDto dto = new VmResourcesDto();
        dto.cpuShares = r.cpuShares();
        dto.cpuLimitPercent = r.cpuLimitPercent();
        dto.cpuReservationPercent = r.cpuReservationPercent();
        dto.memoryLimitMb = r.memoryLimitMb();
        dto.memoryReservationMb = r.memoryReservationMb();
        return dto;
    }

    static VmResources spec(VmResourcesDto dto) {
        required(dto, "resources");
        return new VmResources(
                dto.cpuShares,
                dto.cpuLimitPercent,
                dto.cpuReservationPercent,
                dto.memoryLimitMb,
                dto.memoryReservationMb);
    }

    static ConsoleDto console(Console c) {
        ConsoleDto dto = new ConsoleDto();
        dto.type = c.type();
        dto.address = c.address();
        return dto;
    }

    static GuestSampleDto guestSample(GuestSample g) {
        GuestSampleDto dto = new GuestSampleDto();
        dto.vmId = g.vmId();
        dto.at = g.at();
        dto.agentRunning = g.agentRunning();
        dto.reason = g.reason();
        dto.answeredAt = g.answeredAt();
        dto.silentRounds = g.silentRounds();
        dto.os = g.os();
        dto.kernel = g.kernel();
        dto.hostname = g.hostname();
        dto.addresses.addAll(g.addresses());
        for (GuestSample.GuestFileSystem fs : g.fileSystems()) {
            GuestSampleFileSystemDto f = new GuestSampleFileSystemDto();
            f.mountpoint = fs.mountpoint();
            f.type = fs.type();
            f.totalBytes = fs.totalBytes();
            f.usedBytes = fs.usedBytes();
            f.usedPercent = fs.usedPercent();
            f.full = fs.full();
            for (GuestSample.Use use : fs.recent()) {
                GuestUseDto u = new GuestUseDto();
                u.at = use.at();
                u.usedPercent = use.usedPercent();
                f.recent.add(u);
            }
            dto.fileSystems.add(f);
        }
        return dto;
    }

    static VmGuestDto guest(VmGuest g) {
        VmGuestDto dto = new VmGuestDto();
        dto.agentRunning = g.agentRunning();
        dto.reason = g.reason();
        if (g.os() != null) {
            GuestOsDto os = new GuestOsDto();
            os.id = g.os().id();
            os.name = g.os().name();
            os.prettyName = g.os().prettyName();
            os.version = g.os().version();
            os.versionId = g.os().versionId();
            os.kernel = g.os().kernel();
            os.machine = g.os().machine();
            dto.os = os;
        }
        dto.hostname = g.hostname();
        for (VmGuest.GuestInterface nic : g.interfaces()) {
            GuestInterfaceDto i = new GuestInterfaceDto();
            i.name = nic.name();
            i.mac = nic.mac();
            for (VmGuest.GuestAddress a : nic.addresses()) {
                GuestAddressDto address = new GuestAddressDto();
                address.address = a.address();
                address.prefix = a.prefix();
                i.addresses.add(address);
            }
            dto.interfaces.add(i);
        }
        if (g.timezone() != null) {
            GuestTimezoneDto tz = new GuestTimezoneDto();
            tz.name = g.timezone().name();
            tz.offsetSeconds = g.timezone().offsetSeconds();
            dto.timezone = tz;
        }
        for (VmGuest.GuestUser u : g.users()) {
            GuestUserDto user = new GuestUserDto();
            user.name = u.name();
            user.domain = u.domain();
            user.loginTime = u.loginTime();
            dto.users.add(user);
        }
        for (VmGuest.GuestFileSystem f : g.fileSystems()) {
            GuestFileSystemDto fs = new GuestFileSystemDto();
            fs.mountpoint = f.mountpoint();
            fs.type = f.type();
            fs.totalBytes = f.totalBytes();
            fs.usedBytes = f.usedBytes();
            fs.usedPercent = f.usedPercent();
            dto.fileSystems.add(fs);
        }
        return dto;
    }

    static VmSampleDto sample(VmSample s) {
        VmSampleDto dto = new VmSampleDto();
        dto.at = s.at();
        dto.cpuPercent = s.cpuPercent();
        dto.memoryUsedMb = s.memoryUsedMb();
        dto.diskReadBytesPerSec = s.diskReadBytesPerSec();
        dto.diskWriteBytesPerSec = s.diskWriteBytesPerSec();
        dto.netRxBytesPerSec = s.netRxBytesPerSec();
        dto.netTxBytesPerSec = s.netTxBytesPerSec();
        return dto;
    }

    static HostSampleDto sample(HostSample s) {
        HostSampleDto dto = new HostSampleDto();
        dto.at = s.at();
        dto.cpuPercent = s.cpuPercent();
        dto.memoryUsedMb = s.memoryUsedMb();
        dto.memoryTotalMb = s.memoryTotalMb();
        return dto;
    }

    static StoragePoolDto pool(StoragePool p) {
        StoragePoolDto dto = new StoragePoolDto();
        dto.hostId = p.hostId();
        dto.name = p.name();
        dto.capacityBytes = p.capacityBytes() == null ? -1 : p.capacityBytes();
        dto.freeBytes = p.freeBytes() == null ? -1 : p.freeBytes();
        dto.provisionedBytes = p.provisionedBytes();
        dto.volumes = p.volumes();
        return dto;
    }

    static VolumeDto volume(Volume v) {
        VolumeDto dto = new VolumeDto();
        dto.id = v.id();
        dto.hostId = v.hostId();
        dto.pool = v.pool();
        dto.name = v.name();
        dto.capacityBytes = v.capacityBytes();
        dto.allocationBytes = v.allocationBytes();
        dto.format = v.format();
        dto.path = v.path();
        return dto;
    }

    static VolumeSpec spec(VolumeSpecDto dto) {
        required(dto, "spec");
        return new VolumeSpec(dto.pool, dto.name, dto.capacityMb, dto.format);
    }

    static VolumeImport spec(VolumeImportDto dto) {
        required(dto, "spec");
        return new VolumeImport(dto.pool, dto.name, dto.sourcePath, dto.sourceFormat, dto.format);
    }

    static HealthDto health(Health h) {
        HealthDto dto = new HealthDto();
        dto.status = h.status().name();
        dto.live = h.live();
        dto.ready = h.ready();
        for (HealthCheck c : h.checks()) {
            HealthCheckDto check = new HealthCheckDto();
            check.name = c.name();
            check.status = c.status().name();
            check.required = c.required();
            check.detail = c.detail();
            dto.checks.add(check);
        }
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

    /** A null entry in the credentials is bad input, not a bug; the service checks what the entries hold. */
    static DiscoveryRequest spec(DiscoveryRequestDto dto) {
        required(dto, "request");
        List<BmcCredentials> credentials = new ArrayList<>();
        if (dto.credentials != null) {
            for (BmcCredentialsDto c : dto.credentials) {
                required(c, "credential");
                credentials.add(new BmcCredentials(c.username, c.password));
            }
        }
        return new DiscoveryRequest(dto.datacenterId, dto.poolId, dto.driverId, dto.addresses, dto.ports, credentials);
    }

    static SensorDto sensor(Sensor s) {
        SensorDto dto = new SensorDto();
        dto.name = s.name();
        dto.type = s.type();
        dto.value = s.value();
        dto.unit = s.unit();
        dto.lowerNonRecoverable = s.lowerNonRecoverable();
        dto.lowerCritical = s.lowerCritical();
        dto.lowerNonCritical = s.lowerNonCritical();
        dto.upperNonCritical = s.upperNonCritical();
        dto.upperCritical = s.upperCritical();
        dto.upperNonRecoverable = s.upperNonRecoverable();
        dto.status = s.status();
        return dto;
    }

    static SensorSampleDto sample(SensorSample s) {
        SensorSampleDto dto = new SensorSampleDto();
        dto.at = s.at();
        dto.value = s.value();
        dto.status = s.status();
        return dto;
    }

    static HardwareInventoryDto inventory(HardwareInventory i) {
        HardwareInventoryDto dto = new HardwareInventoryDto();
        dto.guid = i.guid();
        dto.manufacturer = i.manufacturer();
        dto.product = i.product();
        dto.firmwareRevision = i.firmwareRevision();
        i.fru().forEach(f -> dto.fru.add(fru(f)));
        dto.read = i.read();
        return dto;
    }

    static FruRecordDto fru(FruRecord f) {
        FruRecordDto dto = new FruRecordDto();
        dto.device = f.device();
        dto.chassisType = f.chassisType();
        dto.chassisPartNumber = f.chassisPartNumber();
        dto.chassisSerial = f.chassisSerial();
        dto.boardManufacturer = f.boardManufacturer();
        dto.boardProduct = f.boardProduct();
        dto.boardSerial = f.boardSerial();
        dto.boardPartNumber = f.boardPartNumber();
        dto.productManufacturer = f.productManufacturer();
        dto.productName = f.productName();
        dto.productPartNumber = f.productPartNumber();
        dto.productVersion = f.productVersion();
        dto.productSerial = f.productSerial();
        return dto;
    }

    static MachinePowerDto power(MachinePower p) {
        MachinePowerDto dto = new MachinePowerDto();
        dto.hostId = p.hostId();
        dto.name = p.name();
        dto.state = p.state();
        dto.error = p.error();
        dto.message = p.message();
        return dto;
    }

    static SelRecordDto sel(SelRecord r) {
        SelRecordDto dto = new SelRecordDto();
        dto.recordId = r.recordId();
        dto.at = r.at();
        dto.sensorType = r.sensorType();
        dto.sensor = r.sensor();
        dto.description = r.description();
        dto.asserted = r.asserted();
        return dto;
    }

    // The datacenter layer

    static ClusterDto cluster(Cluster c) {
        ClusterDto dto = new ClusterDto();
        dto.id = c.id();
        dto.datacenterId = c.datacenterId();
        dto.name = c.name();
        dto.description = c.description();
        dto.policy = c.policy();
        dto.automation = c.automation();
        dto.balancingLevel = c.balancingLevel();
        dto.maxMigrations = c.maxMigrations();
        dto.minPoweredOnHosts = c.minPoweredOnHosts();
        dto.cpuOvercommit = c.cpuOvercommit();
        dto.memoryOvercommit = c.memoryOvercommit();
        dto.created = c.created();
        return dto;
    }

    static ClusterPageDto clusters(Page<Cluster> page) {
        ClusterPageDto dto = new ClusterPageDto();
        dto.position(page);
        page.items().forEach(c -> dto.items.add(cluster(c)));
        return dto;
    }

    static ClusterSpec spec(ClusterSpecDto dto) {
        required(dto, "spec");
        return new ClusterSpec(
                dto.datacenterId,
                dto.name,
                dto.description,
                dto.policy,
                dto.automation,
                dto.balancingLevel,
                dto.maxMigrations,
                dto.minPoweredOnHosts,
                dto.cpuOvercommit,
                dto.memoryOvercommit);
    }

    static ClusterHostDto clusterHost(ClusterHost h) {
        ClusterHostDto dto = new ClusterHostDto();
        dto.hostId = h.hostId();
        dto.hostName = h.hostName();
        dto.clusterId = h.clusterId();
        dto.maintenance = h.maintenance();
        new TreeMap<>(h.labels()).forEach((k, v) -> dto.labels.add(new LabelDto(k, v)));
        return dto;
    }

    /**
     * Labels as the API takes them. A label without a key, or a key given twice, is bad input: REST's JSON object
     * cannot express either, so they are refused here rather than one silently winning.
     */
    static Map<String, String> labels(List<LabelDto> labels) {
        Map<String, String> map = new LinkedHashMap<>();
        if (labels == null) {
            return map;
        }
        for (LabelDto label : labels) {
            required(label, "label");
            if (label.key == null || label.key.isBlank()) {
                throw StrataException.invalid("a label needs a key");
            }
            if (map.put(label.key, label.value == null ? "" : label.value) != null) {
                throw StrataException.invalid("label '" + label.key + "' is given twice");
            }
        }
        return map;
    }

    static QuotaDto quota(Quota q) {
        if (q == null) {
            return null;
        }
        QuotaDto dto = new QuotaDto();
        dto.vms = q.vms();
        dto.cpus = q.cpus();
        dto.memoryMb = q.memoryMb();
        dto.storageGb = q.storageGb();
        return dto;
    }

    static TenantDto tenant(Tenant t) {
        TenantDto dto = new TenantDto();
        dto.id = t.id();
        dto.name = t.name();
        dto.description = t.description();
        dto.quota = quota(t.quota());
        dto.created = t.created();
        return dto;
    }

    static TenantPageDto tenants(Page<Tenant> page) {
        TenantPageDto dto = new TenantPageDto();
        dto.position(page);
        page.items().forEach(t -> dto.items.add(tenant(t)));
        return dto;
    }

    static TenantSpec spec(TenantSpecDto dto) {
        required(dto, "spec");
        Quota quota = dto.quota == null
                ? null
                : new Quota(dto.quota.vms, dto.quota.cpus, dto.quota.memoryMb, dto.quota.storageGb);
        return new TenantSpec(dto.name, dto.description, quota);
    }

    static TenantUsageDto usage(TenantUsage u) {
        TenantUsageDto dto = new TenantUsageDto();
        dto.tenantId = u.tenantId();
        dto.quota = quota(u.quota());
        dto.vms = u.vms();
        dto.cpus = u.cpus();
        dto.memoryMb = u.memoryMb();
        dto.storageGb = u.storageGb();
        return dto;
    }

    static AllocationDto allocation(Allocation a) {
        if (a == null) {
            return null;
        }
        AllocationDto dto = new AllocationDto();
        dto.reserved = a.reserved();
        dto.used = a.used();
        dto.available = a.available();
        dto.limit = a.limit();
        return dto;
    }

    static PoolUsageDto usage(PoolUsage u) {
        PoolUsageDto dto = new PoolUsageDto();
        dto.poolId = u.poolId();
        dto.name = u.name();
        dto.parentId = u.parentId();
        dto.clusterId = u.clusterId();
        dto.tenantId = u.tenantId();
        dto.expandable = u.expandable();
        dto.cpu = allocation(u.cpu());
        dto.memoryMb = allocation(u.memoryMb());
        dto.vms = u.vms();
        dto.runningVms = u.runningVms();
        u.children().forEach(c -> dto.children.add(usage(c)));
        return dto;
    }

    static PlacementExplanationDto explanation(PlacementExplanation e) {
        PlacementExplanationDto dto = new PlacementExplanationDto();
        dto.poolId = e.poolId();
        dto.clusterId = e.clusterId();
        dto.policy = e.policy();
        dto.cpus = e.cpus();
        dto.memoryMb = e.memoryMb();
        dto.chosenHostId = e.chosenHostId();
        dto.filters.addAll(e.filters());
        dto.weighers.addAll(e.weighers());
        for (HostVerdict v : e.hosts()) {
            HostVerdictDto host = new HostVerdictDto();
            host.hostId = v.hostId();
            host.hostName = v.hostName();
            host.possible = v.possible();
            host.refusals.addAll(v.refusals());
            host.score = v.score();
            new TreeMap<>(v.weights()).forEach((name, value) -> {
                WeightDto weight = new WeightDto();
                weight.name = name;
                weight.value = value;
                host.weights.add(weight);
            });
            host.rank = v.rank();
            dto.hosts.add(host);
        }
        return dto;
    }

    private static void required(Object value, String name) {
        if (value == null) {
            throw StrataException.invalid("'" + name + "' is required");
        }
    }
}
