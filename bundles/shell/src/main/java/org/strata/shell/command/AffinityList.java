package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.datacenter.AffinityGroup;
import org.strata.api.datacenter.AffinityService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "affinity-list",
        description = "Lists a cluster's affinity and anti-affinity groups, their rules and VMs")
@Service
public class AffinityList extends StrataAction {

    @Reference(optional = true)
    AffinityService affinity;

    @Argument(index = 0, name = "clusterId", description = "The cluster", required = true)
    String clusterId;

    @Override
    protected void run() {
        List<AffinityGroup> groups = Layer.required(affinity).groups(clusterId);
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Rule");
        table.column("VMs");
        for (AffinityGroup g : groups) {
            table.addRow().addContent(g.id(), Output.text(g.name()), g.rule(), String.join(" ", g.vmIds()));
        }
        table.print(out());
    }
}
