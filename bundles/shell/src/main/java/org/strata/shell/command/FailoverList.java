package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.ha.Failover;
import org.strata.api.ha.HaService;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "failover-list",
        description = "Lists failovers (the recoveries of failed hosts), newest first")
@Service
public class FailoverList extends PagedAction {

    @Reference(optional = true)
    HaService ha;

    @Reference(optional = true)
    InventoryService inventory;

    @Option(name = "--host", description = "Only the failovers of this host")
    @Completion(HostIdCompleter.class)
    String hostId;

    @Option(name = "--ids", description = "Show the host by id instead of by name")
    boolean ids;

    @Override
    protected void run() {
        Page<Failover> page = Layer.required(ha).failovers(hostId, page());
        Names names = new Names(inventory, null, ids);
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Host");
        table.column("Cluster");
        table.column("State");
        table.column("Fence");
        table.column("Started");
        table.column("Ended");
        table.column("VMs running").alignRight();
        for (Failover f : page.items()) {
            table.addRow()
                    .addContent(
                            f.id(),
                            names.host(f.hostId()),
                            f.clusterId(),
                            f.state(),
                            Output.text(f.fence()),
                            Output.time(f.started()),
                            Output.time(f.ended()),
                            FailoverInfo.running(f) + "/" + f.vms().size());
        }
        print(table, page);
    }
}
