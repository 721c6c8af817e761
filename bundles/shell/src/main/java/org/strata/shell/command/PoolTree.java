package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.datacenter.Allocation;
import org.strata.api.datacenter.AllocationService;
import org.strata.api.datacenter.PoolUsage;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Layer;
import org.strata.shell.ShellScope;
import org.strata.shell.StrataAction;
import org.strata.shell.TenantScoped;
import org.strata.shell.completer.DatacenterIdCompleter;

@Command(
        scope = "strata",
        name = "pool-tree",
        description = "Shows a datacenter's pool trees: reserved, used and available CPU and memory")
@Service
public class PoolTree extends StrataAction implements TenantScoped {

    @Reference(optional = true)
    TenantService tenants;

    @Reference(optional = true)
    InventoryService inventory;

    @Reference(optional = true)
    AllocationService allocation;

    @Option(name = "--datacenter", description = "The datacenter", required = true)
    @Completion(DatacenterIdCompleter.class)
    String datacenterId;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("Pool");
        table.column("ID");
        table.column("vCPUs res/used/avail");
        table.column("Memory MB res/used/avail");
        table.column("VMs (running)");
        add(
                table,
                ShellScope.current(tenants, inventory)
                        .tree(Layer.required(allocation).tree(datacenterId)),
                "");
        table.print(out());
    }

    private static void add(ShellTable table, List<PoolUsage> pools, String indent) {
        for (PoolUsage p : pools) {
            table.addRow()
                    .addContent(
                            indent + p.name() + (p.expandable() ? "" : " (fixed)"),
                            p.poolId(),
                            figures(p.cpu()),
                            figures(p.memoryMb()),
                            p.vms() + " (" + p.runningVms() + ")");
            add(table, p.children(), indent + "  ");
        }
    }

    private static String figures(Allocation a) {
        return a.reserved() + " / " + a.used() + " / " + a.available() + (a.limit() == null ? "" : " max " + a.limit());
    }
}
