package org.strata.ws.soap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.monitor.GuestMonitoring;
import org.strata.api.vm.CloneRequest;
import org.strata.api.vm.SnapshotRequest;
import org.strata.api.vm.SnapshotService;
import org.strata.api.vm.TemplateService;
import org.strata.api.vm.VmService;
import org.strata.ws.rest.VmsByAddress;
import org.strata.ws.security.Scopes;

/**
 * Virtual machines over SOAP: the inventory's VMs, their lifecycle, devices, resources, migration,
 * consoles, what the guest agent reports and monitoring samples. Every change returns its task; follow it with the Tasks service.
 */
@WebService(
        name = "VirtualMachines",
        serviceName = "VmWebService",
        portName = "VmPort",
        targetNamespace = Soap.NAMESPACE)
public class VmWebService {
    private final VmService vms;
    private final SnapshotService snapshots;
    private final TemplateService templates;
    private final SoapCaller caller;
    private final Scopes scopes;
    private final GuestMonitoring guests;

    public VmWebService(
            VmService vms,
            SnapshotService snapshots,
            TemplateService templates,
            SoapCaller caller,
            Scopes scopes,
            GuestMonitoring guests) {
        this.vms = vms;
        this.guests = guests;
        this.snapshots = snapshots;
        this.templates = templates;
        this.caller = caller;
        this.scopes = scopes;
    }

    private TenantScope scope() throws StrataFault {
        caller.reader();
        return scopes.of(caller.current());
    }

    /** NOT_FOUND when the caller is scoped to tenants and the VM is not in one of their pools. */
    private TenantScope visible(String id) throws StrataFault {
        TenantScope scope = scope();
        if (scope.scoped()) {
            scope.vm(vms.vm(id));
        }
        return scope;
    }

    /** VMs of the inventory, all or those of one host. */
    @WebMethod
    @WebResult(name = "page")
    public VmPageDto listVms(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "offset") Integer offset,
            @WebParam(name = "limit") Integer limit)
            throws StrataFault {
        return Faults.call(() -> {
            TenantScope scope = scope();
            String host = blankToNull(hostId);
            if (!scope.scoped()) {
                return SoapMapping.virtualMachines(vms.vms(host, PageRequest.of(offset, limit)));
            }
            if (host != null) {
                scope.requirePlatform();
            }
            return SoapMapping.virtualMachines(vms.vmsInPools(scope.poolIds(), PageRequest.of(offset, limit)));
        });
    }

    /**
     * The VMs whose guest agent reported this IP address at the guest sampler's last round, ordered by name then id;
     * on one host when {@code hostId} is given.
     */
    @WebMethod
    @WebResult(name = "page")
    public VmPageDto listVmsByAddress(
            @WebParam(name = "address") String address,
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "offset") Integer offset,
            @WebParam(name = "limit") Integer limit)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.virtualMachines(
                VmsByAddress.find(guests, vms, address, blankToNull(hostId), scope(), PageRequest.of(offset, limit))));
    }

    @WebMethod
    @WebResult(name = "virtualMachine")
    public VirtualMachineDto getVm(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> SoapMapping.virtualMachine(scope().vm(vms.vm(id))));
    }

    /**
     * Defines a VM on a host, in a resource pool, or both; it is left stopped. Without a host (absent or blank), the
     * datacenter layer's placement chooses one among the pool's cluster (INVALID_INPUT while that layer is not
     * running). The pool's allocation and its tenant's quota are checked first (CONFLICT naming what is missing).
     */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto createVm(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "spec") VmSpecDto spec,
            @WebParam(name = "poolId") String poolId)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            scope().checkCreate(blankToNull(hostId), poolId);
            return SoapMapping.task(vms.create(hostId, poolId, SoapMapping.spec(spec), who));
        });
    }

    /** Replaces a stopped VM's definition. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto updateVm(@WebParam(name = "id") String id, @WebParam(name = "spec") VmSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            String who = caller.writer();
            return SoapMapping.task(vms.update(id, SoapMapping.spec(spec), who));
        });
    }

    /** Undefines a stopped VM; its disk images stay. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto deleteVm(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return SoapMapping.task(vms.delete(id, caller.writer()));
        });
    }

    /**
     * A lifecycle action: start, shutdown, reboot, reset, suspend, resume or poweroff. {@code timeoutSeconds}
     * applies to shutdown only: the VM is powered off when its guest has not stopped by then.
     */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto vmAction(
            @WebParam(name = "id") String id,
            @WebParam(name = "action") String action,
            @WebParam(name = "timeoutSeconds") Integer timeoutSeconds)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            String who = caller.writer();
            // Core checks the action and the time-out against the declared operations, as for REST and the shell.
            return SoapMapping.task(vms.act(id, action, timeoutSeconds, who));
        });
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto attachDisk(@WebParam(name = "id") String id, @WebParam(name = "disk") VmDiskDto disk)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            String who = caller.writer();
            return SoapMapping.task(vms.attachDisk(id, SoapMapping.spec(disk), who));
        });
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto detachDisk(@WebParam(name = "id") String id, @WebParam(name = "target") String target)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return SoapMapping.task(vms.detachDisk(id, target, caller.writer()));
        });
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto attachNic(@WebParam(name = "id") String id, @WebParam(name = "nic") VmNicDto nic)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            String who = caller.writer();
            return SoapMapping.task(vms.attachNic(id, SoapMapping.spec(nic), who));
        });
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto detachNic(@WebParam(name = "id") String id, @WebParam(name = "mac") String mac) throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return SoapMapping.task(vms.detachNic(id, mac, caller.writer()));
        });
    }

    /** Applies shares, limits and reservations; absent fields are left as they are. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto setResources(
            @WebParam(name = "id") String id, @WebParam(name = "resources") VmResourcesDto resources)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            String who = caller.writer();
            return SoapMapping.task(vms.setResources(id, SoapMapping.spec(resources), who));
        });
    }

    /** Moves a running VM live to another host of the same driver. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto migrateVm(@WebParam(name = "id") String id, @WebParam(name = "targetHostId") String targetHostId)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id).requirePlatform(); // where a VM runs is infrastructure
            return SoapMapping.task(vms.migrate(id, targetHostId, caller.writer()));
        });
    }

    /** The VM's snapshots, parents before their children, read from the hypervisor now. */
    @WebMethod
    @WebResult(name = "snapshot")
    public List<VmSnapshotDto> listSnapshots(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return snapshots.snapshots(id).stream().map(SoapMapping::snapshot).toList();
        });
    }

    /**
     * Takes a snapshot: with the memory of a running VM unless {@code memory} is false, quiesced through the guest
     * agent when one answers unless {@code quiesce} is false. CONFLICT when the name is taken.
     */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto createSnapshot(
            @WebParam(name = "id") String id,
            @WebParam(name = "name") String name,
            @WebParam(name = "description") String description,
            @WebParam(name = "memory") Boolean memory,
            @WebParam(name = "quiesce") Boolean quiesce)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return SoapMapping.task(snapshots.createSnapshot(
                    id, new SnapshotRequest(name, description, memory, quiesce), caller.writer()));
        });
    }

    /** Puts the VM back as it was at the snapshot: running after one with memory, stopped after one without. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto revertSnapshot(@WebParam(name = "id") String id, @WebParam(name = "name") String name)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return SoapMapping.task(snapshots.revertSnapshot(id, name, caller.writer()));
        });
    }

    /** Deletes one snapshot; its children move to its parent. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto deleteSnapshot(@WebParam(name = "id") String id, @WebParam(name = "name") String name)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return SoapMapping.task(snapshots.deleteSnapshot(id, name, caller.writer()));
        });
    }

    /** Marks a stopped VM as a template ({@code template} true) or a template as a VM again. */
    @WebMethod
    @WebResult(name = "virtualMachine")
    public VirtualMachineDto markTemplate(
            @WebParam(name = "id") String id, @WebParam(name = "template") boolean template) throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return SoapMapping.virtualMachine(templates.markTemplate(id, template, caller.writer()));
        });
    }

    /**
     * Clones a VM or deploys a template: a full copy, or with {@code linked} a linked clone of a template. Absent
     * host and pool mean the source's. The task's result is the new VM's id.
     */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto cloneVm(
            @WebParam(name = "id") String id,
            @WebParam(name = "name") String name,
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "poolId") String poolId,
            @WebParam(name = "linked") Boolean linked,
            @WebParam(name = "snapshot") String snapshot)
            throws StrataFault {
        return Faults.call(() -> {
            TenantScope scope = visible(id);
            if (scope.scoped()) {
                scope.checkCreate(
                        hostId, blankToNull(poolId) == null ? vms.vm(id).poolId() : poolId);
            }
            return SoapMapping.task(templates.clone(
                    id,
                    new CloneRequest(name, blankToNull(hostId), blankToNull(poolId), linked, snapshot),
                    caller.writer()));
        });
    }

    /** The VMs whose disks read from this one's. */
    @WebMethod
    @WebResult(name = "virtualMachine")
    public List<VirtualMachineDto> linkedClones(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            TenantScope scope = visible(id);
            return templates.linkedClones(id).stream()
                    .filter(v -> !scope.scoped() || scope.poolIds().contains(v.poolId()))
                    .map(SoapMapping::virtualMachine)
                    .toList();
        });
    }

    @WebMethod
    @WebResult(name = "console")
    public List<ConsoleDto> consoles(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return vms.consoles(id).stream().map(SoapMapping::console).toList();
        });
    }

    /**
     * What the VM's guest agent reports now (OS, host name, IP addresses), asked of the hypervisor; a CONFLICT fault
     * when the VM does not run. A guest whose agent does not answer is an answer with agentRunning false and the reason.
     */
    @WebMethod
    @WebResult(name = "guest")
    public VmGuestDto vmGuest(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return SoapMapping.guest(vms.guest(id));
        });
    }

    /**
     * What the guest sampler last learned of the VM's guest (OS, host name, addresses, file systems with their recent
     * use), from memory; a VM not sampled has no {@code at} and says why.
     */
    @WebMethod
    @WebResult(name = "guestSample")
    public GuestSampleDto vmGuestSample(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return SoapMapping.guestSample(guests.sample(id));
        });
    }

    /** Samples of a VM, oldest first; {@code from} and {@code to} are optional xsd:dateTime values, inclusive. */
    @WebMethod
    @WebResult(name = "sample")
    public List<VmSampleDto> vmStats(
            @WebParam(name = "id") String id, @WebParam(name = "from") String from, @WebParam(name = "to") String to)
            throws StrataFault {
        return Faults.call(() -> {
            visible(id);
            return vms.stats(id, instant("from", from), instant("to", to)).stream()
                    .map(SoapMapping::sample)
                    .toList();
        });
    }

    /** Samples of a host, oldest first. */
    @WebMethod
    @WebResult(name = "sample")
    public List<HostSampleDto> hostStats(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "from") String from,
            @WebParam(name = "to") String to)
            throws StrataFault {
        return Faults.call(() -> {
            scope().requirePlatform();
            return vms.hostStats(hostId, instant("from", from), instant("to", to)).stream()
                    .map(SoapMapping::sample)
                    .toList();
        });
    }

    /**
     * Taken as text rather than bound by JAXB, so that a malformed value is an INVALID_INPUT fault that
     * names the parameter instead of an unmarshalling error.
     */
    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw StrataException.invalid("'" + name + "' must be a date and time such as 2026-01-02T03:04:05Z");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
