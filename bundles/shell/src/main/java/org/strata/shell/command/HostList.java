package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;
import org.strata.shell.completer.DatacenterIdCompleter;

@Command(
        scope = "strata",
        name = "host-list",
        description = "Lists managed hosts, all or those of one datacenter, with their live state")
@Service
public class HostList extends PagedAction {

    @Reference
    InventoryService inventory;

    @Option(name = "--datacenter", description = "Only the hosts of this datacenter")
    @Completion(DatacenterIdCompleter.class)
    String datacenterId;

    @Option(name = "--ids", description = "Show the datacenter and pool by id instead of by name")
    boolean ids;

    @Override
    protected void run() {
        Page<Host> page = inventory.hosts(datacenterId, page());
        Names names = new Names(inventory, null, ids);
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Datacenter");
        table.column("Pool");
        table.column("Kind");
        table.column("Driver");
        table.column("Address");
        table.column("State");
        table.column("Reason").maxSize(60);
        for (Host h : page.items()) {
            table.addRow()
                    .addContent(
                            h.id(),
                            Output.text(h.name()),
                            names.datacenter(h.datacenterId()),
                            names.pool(h.poolId()),
                            Output.text(h.kind()),
                            Output.text(h.driverId()),
                            Output.text(h.address()),
                            Output.text(h.state()),
                            Output.text(h.stateReason()));
        }
        print(table, page);
    }
}
