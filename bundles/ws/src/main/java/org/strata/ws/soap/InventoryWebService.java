package org.strata.ws.soap;

import java.util.List;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.PageRequest;
import org.strata.api.inventory.InventoryService;

/** Datacenters, resource pools, hosts and the virtual machines on them, over SOAP. */
@WebService(
        name = "Inventory",
        serviceName = "InventoryWebService",
        portName = "InventoryPort",
        targetNamespace = Soap.NAMESPACE)
public class InventoryWebService {

    private final InventoryService inventory;
    private final SoapCaller caller;

    public InventoryWebService(InventoryService inventory, SoapCaller caller) {
        this.inventory = inventory;
        this.caller = caller;
    }

    // Datacenters

    @WebMethod
    @WebResult(name = "page")
    public DatacenterPageDto listDatacenters(
            @WebParam(name = "offset") Integer offset, @WebParam(name = "limit") Integer limit) throws StrataFault {
        return Faults.call(() -> SoapMapping.datacenters(inventory.datacenters(PageRequest.of(offset, limit))));
    }

    @WebMethod
    @WebResult(name = "datacenter")
    public DatacenterDto getDatacenter(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> SoapMapping.datacenter(inventory.datacenter(id)));
    }

    @WebMethod
    @WebResult(name = "datacenter")
    public DatacenterDto createDatacenter(@WebParam(name = "spec") DatacenterSpecDto spec) throws StrataFault {
        return Faults.call(
                () -> SoapMapping.datacenter(inventory.createDatacenter(SoapMapping.spec(spec), caller.writer())));
    }

    @WebMethod
    @WebResult(name = "datacenter")
    public DatacenterDto updateDatacenter(
            @WebParam(name = "id") String id, @WebParam(name = "spec") DatacenterSpecDto spec) throws StrataFault {
        return Faults.call(
                () -> SoapMapping.datacenter(inventory.updateDatacenter(id, SoapMapping.spec(spec), caller.writer())));
    }

    @WebMethod
    public void deleteDatacenter(@WebParam(name = "id") String id) throws StrataFault {
        Faults.call(() -> {
            inventory.deleteDatacenter(id, caller.writer());
            return null;
        });
    }

    // Resource pools

    @WebMethod
    @WebResult(name = "page")
    public PoolPageDto listPools(
            @WebParam(name = "datacenterId") String datacenterId,
            @WebParam(name = "offset") Integer offset,
            @WebParam(name = "limit") Integer limit)
            throws StrataFault {
        return Faults.call(
                () -> SoapMapping.pools(inventory.pools(blankToNull(datacenterId), PageRequest.of(offset, limit))));
    }

    @WebMethod
    @WebResult(name = "pool")
    public PoolDto getPool(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> SoapMapping.pool(inventory.pool(id)));
    }

    @WebMethod
    @WebResult(name = "pool")
    public PoolDto createPool(@WebParam(name = "spec") PoolSpecDto spec) throws StrataFault {
        return Faults.call(() -> SoapMapping.pool(inventory.createPool(SoapMapping.spec(spec), caller.writer())));
    }

    @WebMethod
    @WebResult(name = "pool")
    public PoolDto updatePool(@WebParam(name = "id") String id, @WebParam(name = "spec") PoolSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.pool(inventory.updatePool(id, SoapMapping.spec(spec), caller.writer())));
    }

    @WebMethod
    public void deletePool(@WebParam(name = "id") String id) throws StrataFault {
        Faults.call(() -> {
            inventory.deletePool(id, caller.writer());
            return null;
        });
    }

    // Hosts

    @WebMethod
    @WebResult(name = "page")
    public HostPageDto listHosts(
            @WebParam(name = "datacenterId") String datacenterId,
            @WebParam(name = "offset") Integer offset,
            @WebParam(name = "limit") Integer limit)
            throws StrataFault {
        return Faults.call(
                () -> SoapMapping.hosts(inventory.hosts(blankToNull(datacenterId), PageRequest.of(offset, limit))));
    }

    @WebMethod
    @WebResult(name = "host")
    public HostDto getHost(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> SoapMapping.host(inventory.host(id)));
    }

    @WebMethod
    @WebResult(name = "host")
    public HostDto createHost(@WebParam(name = "spec") HostSpecDto spec) throws StrataFault {
        return Faults.call(() -> SoapMapping.host(inventory.addHost(SoapMapping.spec(spec), caller.writer())));
    }

    @WebMethod
    @WebResult(name = "host")
    public HostDto updateHost(@WebParam(name = "id") String id, @WebParam(name = "spec") HostSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.host(inventory.updateHost(id, SoapMapping.spec(spec), caller.writer())));
    }

    @WebMethod
    public void deleteHost(@WebParam(name = "id") String id) throws StrataFault {
        Faults.call(() -> {
            inventory.removeHost(id, caller.writer());
            return null;
        });
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto refreshHost(@WebParam(name = "hostId") String hostId) throws StrataFault {
        return Faults.call(() -> SoapMapping.task(inventory.refreshHost(hostId, caller.writer())));
    }

    // Virtual machines

    @WebMethod
    @WebResult(name = "virtualMachine")
    public List<VirtualMachineDto> listVirtualMachines(@WebParam(name = "hostId") String hostId) throws StrataFault {
        return Faults.call(() -> inventory.virtualMachines(hostId).stream()
                .map(SoapMapping::virtualMachine)
                .toList());
    }

    /** Starts a power operation ({@code start}, {@code shutdown} or {@code poweroff}) and returns its task. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto powerVirtualMachine(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "vmId") String vmId,
            @WebParam(name = "operation") String operation)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            return SoapMapping.task(inventory.powerVirtualMachine(hostId, vmId, operation, who));
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
