package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.datacenter.HostVerdict;
import org.strata.api.datacenter.PlacementExplanation;
import org.strata.api.datacenter.PlacementQuery;
import org.strata.api.datacenter.PlacementService;
import org.strata.shell.Layer;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "placement-explain",
        description = "Shows where placement would put a VM of a pool, and why each host was refused or ranked")
@Service
public class PlacementExplain extends StrataAction {

    @Reference(optional = true)
    PlacementService placement;

    @Option(name = "--pool", description = "The VM's pool")
    String poolId;

    @Option(name = "--cluster", description = "A cluster, for a VM in no pool")
    String clusterId;

    @Option(name = "--cpus", description = "vCPUs (default 1)")
    Integer cpus;

    @Option(name = "--memory", description = "Memory in MB (default 512)")
    Long memoryMb;

    @Option(name = "--label", multiValued = true, description = "A label the host must carry, key=value; repeatable")
    List<String> labels;

    @Override
    protected void run() {
        PlacementExplanation e = Layer.required(placement)
                .explain(new PlacementQuery(poolId, clusterId, cpus, memoryMb, ClusterHostList.labels(labels), null));
        out().println("Policy " + e.policy() + "; chosen: " + (e.chosenHostId() == null ? "none" : e.chosenHostId()));
        ShellTable table = new ShellTable();
        table.column("Rank").alignRight();
        table.column("Host");
        table.column("Score").alignRight();
        table.column("Why");
        for (HostVerdict v : e.hosts()) {
            table.addRow()
                    .addContent(
                            v.possible() ? String.valueOf(v.rank()) : "-",
                            v.hostName(),
                            v.possible() ? String.valueOf(v.score()) : "",
                            v.possible() ? v.weights().toString() : String.join("; ", v.refusals()));
        }
        table.print(out());
    }
}
