package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.ha.Failover;
import org.strata.api.ha.FailoverVm;
import org.strata.api.ha.HaService;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.FailoverIdCompleter;

@Command(
        scope = "strata",
        name = "failover-info",
        description = "Shows a failover: how its host was fenced, and what became of each of its HA VMs")
@Service
public class FailoverInfo extends StrataAction {

    @Reference(optional = true)
    HaService ha;

    @Reference(optional = true)
    InventoryService inventory;

    @Argument(index = 0, name = "id", description = "The failover, as failover-list shows it", required = true)
    @Completion(FailoverIdCompleter.class)
    String id;

    @Override
    protected void run() {
        Failover f = Layer.required(ha).failover(id);
        Names names = new Names(inventory, null, false);
        ShellTable details = Output.details();
        Output.detail(details, "ID", f.id());
        Output.detail(details, "Host", Names.withId(names.host(f.hostId()), f.hostId()));
        Output.detail(details, "Cluster", f.clusterId());
        Output.detail(details, "State", f.state());
        Output.detail(details, "Fence", f.fence() == null ? "not yet" : f.fence());
        Output.detail(details, "Reason", f.reason());
        Output.detail(details, "Detected", Output.time(f.detected()));
        Output.detail(details, "Started", Output.time(f.started()));
        Output.detail(details, "Ended", Output.time(f.ended()));
        Output.detail(details, "VMs running", running(f) + " of " + f.vms().size());
        details.print(out());
        if (f.vms().isEmpty()) {
            return;
        }
        out().println();
        ShellTable vms = new ShellTable();
        vms.column("VM");
        vms.column("Priority");
        vms.column("State");
        vms.column("Host");
        vms.column("Running since");
        vms.column("Task");
        vms.column("Message");
        for (FailoverVm v : f.vms()) {
            vms.addRow()
                    .addContent(
                            Names.withId(v.name(), v.vmId()),
                            Ha.word(v.priority()),
                            Output.text(v.state()),
                            v.hostId() == null ? "" : names.host(v.hostId()),
                            Output.time(v.running()),
                            Output.text(v.taskId()),
                            Output.text(v.message()));
        }
        vms.print(out());
    }

    /** How many of its VMs run again elsewhere. */
    static long running(Failover f) {
        return f.vms().stream().filter(v -> "RUNNING".equals(v.state())).count();
    }
}
