package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.datacenter.ClusterService;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "cluster-host-add",
        description = "Adds a hypervisor host to a cluster, with placement labels")
@Service
public class ClusterHostAdd extends StrataAction {

    @Reference(optional = true)
    ClusterService clusters;

    @Argument(index = 0, name = "clusterId", description = "The cluster", required = true)
    String clusterId;

    @Argument(index = 1, name = "hostId", description = "The hypervisor host to add", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Option(name = "--label", multiValued = true, description = "A placement label key=value; repeatable")
    List<String> labels;

    @Override
    protected void run() {
        ClusterHost member = Layer.required(clusters)
                .addHost(clusterId, hostId, ClusterHostList.labels(labels), ShellPrincipal.current());
        out().println("Host " + member.hostName() + " is in cluster " + member.clusterId()
                + (member.labels().isEmpty() ? "" : " with labels " + member.labels()));
    }
}
