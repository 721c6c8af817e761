package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;

@Command(scope = "strata", name = "datacenter-list", description = "Lists the datacenters")
@Service
public class DatacenterList extends PagedAction {

    @Reference
    InventoryService inventory;

    @Override
    protected void run() {
        Page<Datacenter> page = inventory.datacenters(page());
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Description");
        table.column("Created");
        for (Datacenter dc : page.items()) {
            table.addRow()
                    .addContent(
                            dc.id(), Output.text(dc.name()), Output.text(dc.description()), Output.time(dc.created()));
        }
        print(table, page);
    }
}
