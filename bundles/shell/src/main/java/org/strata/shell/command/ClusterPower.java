package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.datacenter.PowerHost;
import org.strata.api.datacenter.PowerReport;
import org.strata.api.datacenter.PowerService;
import org.strata.api.datacenter.Recommendation;
import org.strata.api.task.Task;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;

@Command(
        scope = "strata",
        name = "cluster-power",
        description = "Shows what power management would do in a cluster now (hosts to empty and power off, hosts to"
                + " power on, hosts in standby); --apply carries it out (a task)")
@Service
public class ClusterPower extends TaskCommand {

    @Reference(optional = true)
    PowerService power;

    @Argument(index = 0, name = "clusterId", description = "The cluster", required = true)
    String clusterId;

    @Option(name = "--apply", description = "Carry out a power management round now instead of showing it")
    boolean apply;

    @Override
    protected void run() throws InterruptedException {
        if (apply) {
            super.run();
            return;
        }
        PowerReport r = Layer.required(power).power(clusterId);
        out().printf(
                        "Policy %s (%s), %s: CPU %.0f%%, memory %.0f%% now; %.0f%%, %.0f%% after%n",
                        r.policy(),
                        r.automation(),
                        r.action(),
                        100 * r.cpuLoad(),
                        100 * r.memoryLoad(),
                        100 * r.cpuLoadAfter(),
                        100 * r.memoryLoadAfter());
        out().println(r.summary());
        ShellTable table = new ShellTable();
        table.column("Step");
        table.column("Host");
        table.column("Why");
        for (PowerHost h : r.powerOff()) {
            table.addRow().addContent("power off", h.hostName(), h.reason());
        }
        for (Recommendation m : r.moves()) {
            table.addRow().addContent("move " + m.vmName(), m.fromHostId() + " -> " + m.toHostId(), m.reason());
        }
        for (PowerHost h : r.powerOn()) {
            table.addRow().addContent("power on", h.hostName(), h.reason());
        }
        for (PowerHost h : r.standby()) {
            table.addRow().addContent("in standby", h.hostName(), "since " + h.since());
        }
        for (PowerHost h : r.excluded()) {
            table.addRow().addContent("stays on", h.hostName(), h.reason());
        }
        table.print(out());
        for (String unmet : r.unmet()) {
            out().println("Cannot provide: " + unmet);
        }
    }

    @Override
    Task start() {
        return Layer.required(power).applyPower(clusterId, ShellPrincipal.current());
    }
}
