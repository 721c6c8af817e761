package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.ResourcePool;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;
import org.strata.shell.ShellScope;
import org.strata.shell.TenantScoped;
import org.strata.shell.completer.DatacenterIdCompleter;

@Command(scope = "strata", name = "pool-list", description = "Lists resource pools, all or those of one datacenter")
@Service
public class PoolList extends PagedAction implements TenantScoped {

    @Reference(optional = true)
    TenantService tenants;

    @Reference
    InventoryService inventory;

    @Option(name = "--datacenter", description = "Only the pools of this datacenter")
    @Completion(DatacenterIdCompleter.class)
    String datacenterId;

    @Option(name = "--ids", description = "Show the datacenter and parent pool by id instead of by name")
    boolean ids;

    @Override
    protected void run() {
        Page<ResourcePool> page = ShellScope.current(tenants, inventory).pools(inventory, datacenterId, page());
        Names names = new Names(inventory, null, ids);
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Datacenter");
        table.column("Parent");
        table.column("CPU limit").alignRight();
        table.column("Memory limit (MB)").alignRight();
        for (ResourcePool p : page.items()) {
            table.addRow()
                    .addContent(
                            p.id(),
                            Output.text(p.name()),
                            names.datacenter(p.datacenterId()),
                            names.pool(p.parentId()),
                            Output.limit(p.cpuLimit()),
                            Output.limit(p.memoryLimitMb()));
        }
        print(table, page);
    }
}
