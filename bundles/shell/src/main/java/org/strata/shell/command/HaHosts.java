package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.ha.HaService;
import org.strata.api.ha.HostHa;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "ha-hosts",
        description = "Lists the HA state of a cluster's hosts, or of every HA cluster's, with the signals it was"
                + " decided from")
@Service
public class HaHosts extends StrataAction {

    @Reference(optional = true)
    HaService ha;

    @Argument(
            index = 0,
            name = "clusterId",
            description = "The cluster; without it, the hosts of every cluster with HA enabled",
            required = false)
    String clusterId;

    @Override
    protected void run() {
        HaService service = Layer.required(ha);
        if (clusterId != null) {
            service.clusterHa(clusterId); // an unknown cluster is NOT_FOUND, not an empty table
        }
        List<HostHa> hosts = service.hosts(clusterId);
        ShellTable table = new ShellTable();
        table.column("Host");
        if (clusterId == null) {
            table.column("Cluster");
        }
        table.column("State");
        table.column("Since");
        table.column("Session");
        table.column("Leases");
        table.column("Power");
        table.column("Reason");
        for (HostHa h : hosts) {
            var row = table.addRow();
            row.addContent(Names.withId(h.name(), h.hostId()));
            if (clusterId == null) {
                row.addContent(h.clusterId());
            }
            row.addContent(
                    h.state(),
                    Output.time(h.since()),
                    h.session() ? "answers" : "silent",
                    Output.text(h.leases()),
                    Output.text(h.power()),
                    Output.text(h.reason()));
        }
        table.print(out());
    }
}
