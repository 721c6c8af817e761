package org.strata.ws.soap;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.ha.Admission;
import org.strata.api.ha.ClusterHa;
import org.strata.api.ha.ClusterHaSpec;
import org.strata.api.ha.Failover;
import org.strata.api.ha.FailoverVm;
import org.strata.api.ha.HaPriority;
import org.strata.api.ha.HaService;
import org.strata.api.ha.HostHa;
import org.strata.api.ha.VmHa;
import org.strata.api.ha.VmHaSpec;

/**
 * High availability over SOAP, as REST's {@code /vms/{id}/ha}, {@code /clusters/{id}/ha}, {@code /hosts/{id}/ha} and
 * {@code /failovers}. Part of the datacenter layer: while it is not running every operation answers the fault
 * UNAVAILABLE. Platform users only, as in REST: users scoped to tenants get FORBIDDEN.
 */
@WebService(name = "Ha", serviceName = "HaWebService", portName = "HaPort", targetNamespace = Soap.NAMESPACE)
public class HaWebService {
    private final HaService ha;
    private final SoapCaller caller;

    public HaWebService(HaService ha, SoapCaller caller) {
        this.ha = ha;
        this.caller = caller;
    }

    private String platformReader() throws StrataFault {
        String who = caller.reader();
        if (TenantScope.isScoped(caller.current().roles())) {
            throw new StrataException(ErrorCode.FORBIDDEN, TenantScope.NEEDS_PLATFORM_ROLE);
        }
        return who;
    }

    private String platformWriter() throws StrataFault {
        platformReader();
        return caller.writer();
    }

    @WebMethod
    @WebResult(name = "vmHa")
    public VmHaDto getVmHa(@WebParam(name = "vmId") String vmId) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(ha.vmHa(vmId));
        });
    }

    /** Absent elements keep the VM's values; INVALID for an unknown VM in after or an order that loops. */
    @WebMethod
    @WebResult(name = "vmHa")
    public VmHaDto setVmHa(@WebParam(name = "vmId") String vmId, @WebParam(name = "spec") VmHaSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return dto(ha.setVmHa(vmId, spec(spec), who));
        });
    }

    @WebMethod
    @WebResult(name = "clusterHa")
    public ClusterHaDto getClusterHa(@WebParam(name = "clusterId") String clusterId) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(ha.clusterHa(clusterId));
        });
    }

    /**
     * Absent elements keep the cluster's values; an empty leaseDirectory removes it. INVALID for values out of range;
     * CONFLICT when the cluster as it runs already breaks the new admission policy.
     */
    @WebMethod
    @WebResult(name = "clusterHa")
    public ClusterHaDto setClusterHa(
            @WebParam(name = "clusterId") String clusterId, @WebParam(name = "spec") ClusterHaSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return dto(ha.setClusterHa(clusterId, spec(spec), who));
        });
    }

    /** The HA state of the cluster's hosts; without a cluster (absent or blank), of every HA cluster's hosts. */
    @WebMethod
    @WebResult(name = "host")
    public List<HostHaDto> listHaHosts(@WebParam(name = "clusterId") String clusterId) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            String id = blankToNull(clusterId);
            if (id != null) {
                ha.clusterHa(id); // an unknown cluster is NOT_FOUND, not an empty list
            }
            return ha.hosts(id).stream().map(HaWebService::dto).toList();
        });
    }

    /** NOT_FOUND when the host is in no cluster with HA enabled. */
    @WebMethod
    @WebResult(name = "host")
    public HostHaDto getHostHa(@WebParam(name = "hostId") String hostId) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(ha.host(hostId));
        });
    }

    /** Failovers, newest first: of one host, or all (hostId absent or blank). */
    @WebMethod
    @WebResult(name = "page")
    public FailoverPageDto listFailovers(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "offset") Integer offset,
            @WebParam(name = "limit") Integer limit)
            throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return page(ha.failovers(blankToNull(hostId), PageRequest.of(offset, limit)));
        });
    }

    @WebMethod
    @WebResult(name = "failover")
    public FailoverDto getFailover(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(ha.failover(id));
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** One of the enum's names, as REST takes it (surrounding white space ignored); null for absent or blank. */
    static <E extends Enum<E>> E named(Class<E> type, String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip());
        } catch (IllegalArgumentException e) {
            throw StrataException.invalid(field + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "))
                    + ", was '" + (value.length() > 40 ? value.substring(0, 40) + "..." : value) + "'");
        }
    }

    static VmHaSpec spec(VmHaSpecDto dto) {
        if (dto == null) {
            throw StrataException.invalid("spec is required");
        }
        List<String> after = Boolean.TRUE.equals(dto.clearAfter) ? List.of() : emptyAsAbsent(dto.after);
        return new VmHaSpec(dto.enabled, named(HaPriority.class, "priority", dto.priority), after);
    }

    static ClusterHaSpec spec(ClusterHaSpecDto dto) {
        if (dto == null) {
            throw StrataException.invalid("spec is required");
        }
        List<String> hosts = Boolean.TRUE.equals(dto.clearFailoverHosts) ? List.of() : emptyAsAbsent(dto.failoverHosts);
        return new ClusterHaSpec(
                dto.enabled,
                named(Admission.class, "admission", dto.admission),
                dto.hostFailures,
                dto.cpuPercent,
                dto.memoryPercent,
                hosts,
                dto.leaseDirectory);
    }

    /** JAXB leaves a list without elements empty (or null): either way the caller did not give one. */
    private static List<String> emptyAsAbsent(List<String> values) {
        return values == null || values.isEmpty() ? null : values;
    }

    static VmHaDto dto(VmHa v) {
        VmHaDto dto = new VmHaDto();
        dto.vmId = v.vmId();
        dto.enabled = v.enabled();
        dto.priority = v.priority().name();
        dto.after.addAll(v.after());
        return dto;
    }

    static ClusterHaDto dto(ClusterHa c) {
        ClusterHaDto dto = new ClusterHaDto();
        dto.clusterId = c.clusterId();
        dto.enabled = c.enabled();
        dto.admission = c.admission().name();
        dto.hostFailures = c.hostFailures();
        dto.cpuPercent = c.cpuPercent();
        dto.memoryPercent = c.memoryPercent();
        dto.failoverHosts.addAll(c.failoverHosts());
        dto.leaseDirectory = c.leaseDirectory();
        return dto;
    }

    static HostHaDto dto(HostHa h) {
        HostHaDto dto = new HostHaDto();
        dto.hostId = h.hostId();
        dto.name = h.name();
        dto.clusterId = h.clusterId();
        dto.state = h.state() == null ? null : h.state().name();
        dto.reason = h.reason();
        dto.since = h.since();
        dto.session = h.session();
        dto.leases = h.leases();
        dto.power = h.power();
        return dto;
    }

    static FailoverDto dto(Failover f) {
        FailoverDto dto = new FailoverDto();
        dto.id = f.id();
        dto.hostId = f.hostId();
        dto.clusterId = f.clusterId();
        dto.state = f.state() == null ? null : f.state().name();
        dto.fence = f.fence();
        dto.reason = f.reason();
        dto.detected = f.detected();
        dto.started = f.started();
        dto.ended = f.ended();
        f.vms().forEach(v -> dto.vms.add(dto(v)));
        return dto;
    }

    static FailoverVmDto dto(FailoverVm v) {
        FailoverVmDto dto = new FailoverVmDto();
        dto.vmId = v.vmId();
        dto.name = v.name();
        dto.priority = v.priority() == null ? null : v.priority().name();
        dto.state = v.state();
        dto.hostId = v.hostId();
        dto.message = v.message();
        dto.taskId = v.taskId();
        dto.running = v.running();
        return dto;
    }

    static FailoverPageDto page(Page<Failover> page) {
        FailoverPageDto dto = new FailoverPageDto();
        dto.position(page);
        page.items().forEach(f -> dto.items.add(dto(f)));
        return dto;
    }
}
