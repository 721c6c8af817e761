package org.strata.shell.command;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.StrataException;
import org.strata.api.datacenter.ClusterHost;
import org.strata.api.datacenter.ClusterService;
import org.strata.shell.Layer;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "cluster-hosts",
        description = "Lists a cluster's hosts, their maintenance and labels")
@Service
public class ClusterHostList extends StrataAction {

    @Reference(optional = true)
    ClusterService clusters;

    @Argument(index = 0, name = "clusterId", description = "The cluster", required = true)
    String clusterId;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("Host ID");
        table.column("Name");
        table.column("Maintenance");
        table.column("Labels");
        for (ClusterHost h : Layer.required(clusters).hosts(clusterId)) {
            table.addRow().addContent(h.hostId(), h.hostName(), h.maintenance(), new TreeMap<>(h.labels()));
        }
        table.print(out());
    }

    /** {@code key=value} options as a map; a malformed one is bad input. */
    static Map<String, String> labels(List<String> given) {
        Map<String, String> labels = new TreeMap<>();
        if (given != null) {
            for (String label : given) {
                int eq = label.indexOf('=');
                if (eq < 1) {
                    throw StrataException.invalid("--label must be key=value, was '" + label + "'");
                }
                labels.put(label.substring(0, eq), label.substring(eq + 1));
            }
        }
        return labels;
    }
}
