package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.datacenter.Tenant;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;
import org.strata.shell.ShellScope;
import org.strata.shell.TenantScoped;

@Command(scope = "strata", name = "tenant-list", description = "Lists tenants and their quotas")
@Service
public class TenantList extends PagedAction implements TenantScoped {

    @Reference(optional = true)
    InventoryService inventory;

    @Reference(optional = true)
    TenantService tenants;

    @Override
    protected void run() {
        Page<Tenant> page = ShellScope.current(tenants, inventory).tenants(Layer.required(tenants), page());
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("VMs").alignRight();
        table.column("vCPUs").alignRight();
        table.column("Memory (MB)").alignRight();
        for (Tenant t : page.items()) {
            table.addRow()
                    .addContent(
                            t.id(),
                            Output.text(t.name()),
                            Output.limit(t.quota().vms()),
                            Output.limit(t.quota().cpus()),
                            Output.limit(t.quota().memoryMb()));
        }
        print(table, page);
    }
}
