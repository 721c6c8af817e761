package org.strata.ws.soap;

import java.util.List;
import java.util.TreeMap;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.StrataException;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.AffinityGroupSpec;
import org.strata.api.datacenter.AffinityService;

/**
 * Affinity and anti-affinity groups of a cluster's VMs over SOAP, as REST's {@code /clusters/{id}/affinity-groups}.
 * Part of the datacenter layer: while it is not running every operation answers the fault UNAVAILABLE.
 */
@WebService(
        name = "Affinity",
        serviceName = "AffinityWebService",
        portName = "AffinityPort",
        targetNamespace = Soap.NAMESPACE)
public class AffinityWebService {
    private final AffinityService affinity;
    private final SoapCaller caller;

    public AffinityWebService(AffinityService affinity, SoapCaller caller) {
        this.affinity = affinity;
        this.caller = caller;
    }

    @WebMethod
    @WebResult(name = "group")
    public List<AffinityGroupDto> listAffinityGroups(@WebParam(name = "clusterId") String clusterId)
            throws StrataFault {
        return Faults.call(() ->
                affinity.groups(clusterId).stream().map(AffinityWebService::dto).toList());
    }

    @WebMethod
    @WebResult(name = "group")
    public AffinityGroupDto getAffinityGroup(
            @WebParam(name = "clusterId") String clusterId, @WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> dto(affinity.group(clusterId, id)));
    }

    /** INVALID for a VM that is not the cluster's; CONFLICT for a name taken or must rules that contradict. */
    @WebMethod
    @WebResult(name = "group")
    public AffinityGroupDto createAffinityGroup(
            @WebParam(name = "clusterId") String clusterId, @WebParam(name = "spec") AffinityGroupSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            return dto(affinity.createGroup(clusterId, spec(spec), who));
        });
    }

    /** Absent VMs and host labels keep the group's. */
    @WebMethod
    @WebResult(name = "group")
    public AffinityGroupDto updateAffinityGroup(
            @WebParam(name = "clusterId") String clusterId,
            @WebParam(name = "id") String id,
            @WebParam(name = "spec") AffinityGroupSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            return dto(affinity.updateGroup(clusterId, id, spec(spec), who));
        });
    }

    @WebMethod
    public void deleteAffinityGroup(@WebParam(name = "clusterId") String clusterId, @WebParam(name = "id") String id)
            throws StrataFault {
        Faults.call(() -> {
            affinity.deleteGroup(clusterId, id, caller.writer());
            return null;
        });
    }

    @WebMethod
    @WebResult(name = "group")
    public AffinityGroupDto addAffinityGroupVm(
            @WebParam(name = "clusterId") String clusterId,
            @WebParam(name = "id") String id,
            @WebParam(name = "vmId") String vmId)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            return dto(affinity.addVm(clusterId, id, vmId, who));
        });
    }

    @WebMethod
    @WebResult(name = "group")
    public AffinityGroupDto removeAffinityGroupVm(
            @WebParam(name = "clusterId") String clusterId,
            @WebParam(name = "id") String id,
            @WebParam(name = "vmId") String vmId)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            return dto(affinity.removeVm(clusterId, id, vmId, who));
        });
    }

    /**
     * Creates a VM as a member of the group, as {@code createVm} of the VM service does; without a host, placement
     * chooses one under the group's rules. The task ends once the VM is a member; its result is the VM's id.
     */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto createAffinityGroupVm(
            @WebParam(name = "clusterId") String clusterId,
            @WebParam(name = "id") String id,
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "poolId") String poolId,
            @WebParam(name = "spec") VmSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            return SoapMapping.task(affinity.createVm(clusterId, id, hostId, poolId, SoapMapping.spec(spec), who));
        });
    }

    static AffinityGroupDto dto(AffinityGroup g) {
        AffinityGroupDto dto = new AffinityGroupDto();
        dto.id = g.id();
        dto.clusterId = g.clusterId();
        dto.name = g.name();
        dto.description = g.description();
        dto.kind = g.kind();
        dto.enforcement = g.enforcement();
        dto.vmIds.addAll(g.vmIds());
        new TreeMap<>(g.hostLabels()).forEach((k, v) -> dto.hostLabels.add(new LabelDto(k, v)));
        dto.created = g.created();
        return dto;
    }

    static AffinityGroupSpec spec(AffinityGroupSpecDto dto) {
        if (dto == null) {
            throw StrataException.invalid("spec is required");
        }
        return new AffinityGroupSpec(
                dto.name,
                dto.description,
                dto.kind,
                dto.enforcement,
                dto.vmIds,
                dto.hostLabels == null ? null : SoapMapping.labels(dto.hostLabels));
    }
}
