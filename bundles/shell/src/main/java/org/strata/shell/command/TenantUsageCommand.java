package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.datacenter.TenantService;
import org.strata.api.datacenter.TenantUsage;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.ShellScope;
import org.strata.shell.StrataAction;
import org.strata.shell.TenantScoped;

@Command(scope = "strata", name = "tenant-usage", description = "Shows what a tenant holds against its quota")
@Service
public class TenantUsageCommand extends StrataAction implements TenantScoped {

    @Reference(optional = true)
    InventoryService inventory;

    @Reference(optional = true)
    TenantService tenants;

    @Argument(index = 0, name = "id", description = "The tenant id", required = true)
    String id;

    @Override
    protected void run() {
        ShellScope.current(tenants, inventory).tenant(Layer.required(tenants).tenant(id));
        TenantUsage u = Layer.required(tenants).usage(id);
        ShellTable table = new ShellTable();
        table.column("");
        table.column("Used").alignRight();
        table.column("Quota").alignRight();
        table.addRow().addContent("VMs", u.vms(), Output.limit(u.quota().vms()));
        table.addRow().addContent("vCPUs", u.cpus(), Output.limit(u.quota().cpus()));
        table.addRow()
                .addContent("Memory (MB)", u.memoryMb(), Output.limit(u.quota().memoryMb()));
        table.addRow()
                .addContent(
                        "Storage (GiB)", u.storageGb(), Output.limit(u.quota().storageGb()));
        table.print(out());
    }
}
