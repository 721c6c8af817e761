package org.strata.api.inventory;

import java.util.List;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.task.Task;
import org.strata.api.vm.VirtualMachine;

/**
 * The inventory: datacenters, resource pools, hosts and what runs on them. Every change is one
 * transaction in the configuration repository and one history entry; {@code principal} names who
 * asked for it. Methods throw {@link StrataException} and nothing else.
 */
public interface InventoryService {

    Page<Datacenter> datacenters(PageRequest page);

    Datacenter datacenter(String id);

    Datacenter createDatacenter(DatacenterSpec spec, String principal);

    Datacenter updateDatacenter(String id, DatacenterSpec spec, String principal);

    /** Deletes an empty datacenter; one that still holds pools or hosts is a conflict. */
    void deleteDatacenter(String id, String principal);

    /** Pools, all or those of one datacenter ({@code datacenterId} may be null). */
    Page<ResourcePool> pools(String datacenterId, PageRequest page);

    ResourcePool pool(String id);

    ResourcePool createPool(PoolSpec spec, String principal);

    ResourcePool updatePool(String id, PoolSpec spec, String principal);

    /** Deletes a pool that holds no child pools and no hosts. */
    void deletePool(String id, String principal);

    /** Hosts, all or those of one datacenter ({@code datacenterId} may be null), with their live state. */
    Page<Host> hosts(String datacenterId, PageRequest page);

    Host host(String id);

    Host addHost(HostSpec spec, String principal);

    Host updateHost(String id, HostSpec spec, String principal);

    void removeHost(String id, String principal);

    /** The virtual machines on a hypervisor host, asked of its driver now. */
    List<VirtualMachine> virtualMachines(String hostId);

    /**
     * Starts a power operation on a virtual machine and returns its task at once.
     *
     * @param operation one of {@code start}, {@code shutdown}, {@code poweroff}
     */
    Task powerVirtualMachine(String hostId, String vmId, String operation, String principal);

    /** Starts a task that contacts the host, reads what it reports and updates the host's state. */
    Task refreshHost(String hostId, String principal);
}
