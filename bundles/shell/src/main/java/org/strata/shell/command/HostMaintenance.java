package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.StrataException;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.task.Task;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "host-maintenance",
        description = "Puts a cluster host into maintenance (enter: a task that moves its running VMs away) or takes"
                + " it out (exit)")
@Service
public class HostMaintenance extends TaskCommand {

    @Reference(optional = true)
    ClusterService clusters;

    @Argument(index = 0, name = "hostId", description = "The host", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(index = 1, name = "action", description = "enter or exit", required = true)
    String action;

    @Override
    protected void run() throws InterruptedException {
        if ("exit".equals(action)) {
            ClusterHost after = Layer.required(clusters).exitMaintenance(hostId, ShellPrincipal.current());
            out().println("Host " + after.hostName() + " maintenance: " + after.maintenance());
            return;
        }
        if (!"enter".equals(action)) {
            throw StrataException.invalid("action must be enter or exit, was '" + action + "'");
        }
        super.run();
    }

    @Override
    Task start() {
        return Layer.required(clusters).enterMaintenance(hostId, ShellPrincipal.current());
    }
}
