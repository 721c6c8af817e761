package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.datacenter.BalancingReport;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.datacenter.Recommendation;
import org.strata.api.task.Task;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;

@Command(
        scope = "strata",
        name = "cluster-recommendations",
        description = "Shows the live migrations balancing recommends for a cluster from measured load; --apply carries"
                + " them out (a task)")
@Service
public class ClusterRecommendations extends TaskCommand {

    @Reference(optional = true)
    ClusterService clusters;

    @Argument(index = 0, name = "clusterId", description = "The cluster", required = true)
    String clusterId;

    @Option(name = "--apply", description = "Carry out a balancing round now instead of showing it")
    boolean apply;

    @Override
    protected void run() throws InterruptedException {
        if (apply) {
            super.run();
            return;
        }
        BalancingReport r = Layer.required(clusters).recommendations(clusterId);
        out().printf(
                        "Policy %s, level %d: imbalance %.3f (acts above %.3f), %s%n",
                        r.policy(), r.level(), r.imbalanceBefore(), r.threshold(), r.outcome());
        ShellTable table = new ShellTable();
        table.column("VM");
        table.column("From");
        table.column("To");
        table.column("Why");
        for (Recommendation m : r.recommendations()) {
            table.addRow().addContent(m.vmName(), m.fromHostId(), m.toHostId(), m.reason());
        }
        table.print(out());
        for (String excluded : r.excluded()) {
            out().println("Cannot move: " + excluded);
        }
    }

    @Override
    Task start() {
        return Layer.required(clusters).applyRecommendations(clusterId, ShellPrincipal.current());
    }
}
