package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.datacenter.Cluster;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;
import org.strata.shell.completer.DatacenterIdCompleter;

@Command(scope = "strata", name = "cluster-list", description = "Lists clusters, all or those of one datacenter")
@Service
public class ClusterList extends PagedAction {

    @Reference(optional = true)
    ClusterService clusters;

    @Reference
    InventoryService inventory;

    @Option(name = "--datacenter", description = "Only the clusters of this datacenter")
    @Completion(DatacenterIdCompleter.class)
    String datacenterId;

    @Override
    protected void run() {
        Page<Cluster> page = Layer.required(clusters).clusters(datacenterId, page());
        Names names = new Names(inventory, null, false);
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Datacenter");
        table.column("Policy");
        table.column("Automation");
        table.column("Level").alignRight();
        table.column("Overcommit CPU/memory");
        for (Cluster c : page.items()) {
            table.addRow()
                    .addContent(
                            c.id(),
                            Output.text(c.name()),
                            names.datacenter(c.datacenterId()),
                            c.policy(),
                            c.automation(),
                            c.balancingLevel(),
                            c.cpuOvercommit() + " / " + c.memoryOvercommit());
        }
        print(table, page);
    }
}
