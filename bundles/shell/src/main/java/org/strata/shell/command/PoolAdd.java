package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.PoolSpec;
import org.strata.api.inventory.ResourcePool;
import org.strata.shell.Output;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.DatacenterIdCompleter;
import org.strata.shell.completer.PoolIdCompleter;

@Command(scope = "strata", name = "pool-add", description = "Creates a resource pool in a datacenter")
@Service
public class PoolAdd extends StrataAction {

    @Reference
    InventoryService inventory;

    @Argument(index = 0, name = "name", description = "Name of the new pool", required = true)
    String name;

    @Option(name = "--datacenter", description = "The datacenter the pool belongs to", required = true)
    @Completion(DatacenterIdCompleter.class)
    String datacenterId;

    @Option(name = "--parent", description = "The pool to nest it in (default: top of the datacenter)")
    @Completion(PoolIdCompleter.class)
    String parentId;

    @Option(name = "--description", aliases = "-d", description = "A description")
    String description;

    @Option(name = "--cpu-limit", description = "Most CPUs the pool may use (default: unlimited)")
    Integer cpuLimit;

    @Option(name = "--memory-limit-mb", description = "Most memory in MB the pool may use (default: unlimited)")
    Long memoryLimitMb;

    @Option(name = "--cluster", description = "The cluster whose hosts run the pool's VMs (default: the parent's)")
    String clusterId;

    @Option(name = "--tenant", description = "The tenant that owns the pool (default: the parent's)")
    String tenantId;

    @Option(name = "--cpu-reservation", description = "vCPUs set aside for the pool (default 0)")
    Integer cpuReservation;

    @Option(name = "--memory-reservation-mb", description = "Memory in MB set aside for the pool (default 0)")
    Long memoryReservationMb;

    @Option(name = "--cpu-shares", description = "CPU shares: 2000 low, 4000 normal (default), 8000 high")
    Integer cpuShares;

    @Option(name = "--memory-shares", description = "Memory shares: 2000 low, 4000 normal (default), 8000 high")
    Integer memoryShares;

    @Option(name = "--fixed", description = "The reservation is not expandable: never borrow from the parent")
    boolean fixed;

    @Override
    protected void run() {
        ResourcePool pool = inventory.createPool(
                new PoolSpec(
                        datacenterId,
                        parentId,
                        name,
                        description,
                        cpuLimit,
                        memoryLimitMb,
                        clusterId,
                        tenantId,
                        cpuShares,
                        memoryShares,
                        cpuReservation,
                        memoryReservationMb,
                        fixed ? Boolean.FALSE : null),
                ShellPrincipal.current());
        ShellTable table = Output.details();
        Output.detail(table, "ID", pool.id());
        Output.detail(table, "Name", pool.name());
        Output.detail(table, "Description", pool.description());
        Output.detail(table, "Datacenter", pool.datacenterId());
        Output.detail(table, "Parent", pool.parentId());
        Output.detail(table, "CPU limit", Output.limit(pool.cpuLimit()));
        Output.detail(table, "Memory limit (MB)", Output.limit(pool.memoryLimitMb()));
        Output.detail(table, "Cluster", pool.clusterId());
        Output.detail(table, "Tenant", pool.tenantId());
        Output.detail(table, "Reservation (vCPUs / MB)", pool.cpuReservation() + " / " + pool.memoryReservationMb());
        Output.detail(table, "Shares (CPU / memory)", pool.cpuShares() + " / " + pool.memoryShares());
        Output.detail(table, "Expandable", String.valueOf(pool.expandable()));
        Output.detail(table, "Created", Output.time(pool.created()));
        table.print(out());
    }
}
