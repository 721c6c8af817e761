package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.datacenter.ClusterService;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;

@Command(scope = "strata", name = "cluster-remove", description = "Removes a cluster that has no hosts and no pools")
@Service
public class ClusterRemove extends StrataAction {

    @Reference(optional = true)
    ClusterService clusters;

    @Argument(index = 0, name = "id", description = "The cluster id", required = true)
    String id;

    @Override
    protected void run() {
        Layer.required(clusters).deleteCluster(id, ShellPrincipal.current());
        out().println("Cluster " + id + " removed");
    }
}
