package org.strata.shell.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.datacenter.ClusterSchedule;
import org.strata.api.datacenter.ClusterService;
import org.strata.api.datacenter.PolicySegment;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "cluster-schedule",
        description = "Shows what a cluster's calendar of policies makes it follow in the days ahead; sets (--file) or"
                + " removes (--remove) the calendar")
@Service
public class ClusterScheduleCommand extends StrataAction {

    @Reference(optional = true)
    ClusterService clusters;

    @Argument(index = 0, name = "clusterId", description = "The cluster", required = true)
    String clusterId;

    @Option(name = "--days", description = "How many days ahead to show (1 to 366, default 7)")
    int days = 7;

    @Option(name = "--file", description = "A JSON file holding the calendar (as PUT /clusters/{id}/schedule takes it)")
    String file;

    @Option(name = "--remove", description = "Remove the calendar: the cluster follows its own policy again")
    boolean remove;

    @Override
    protected void run() throws Exception {
        ClusterService service = Layer.required(clusters);
        if (remove) {
            service.setSchedule(clusterId, null, ShellPrincipal.current());
        } else if (file != null) {
            ClusterSchedule schedule;
            try {
                schedule = new ObjectMapper().readValue(Files.readString(Path.of(file)), ClusterSchedule.class);
            } catch (java.io.IOException e) {
                throw new StrataException(
                        ErrorCode.INVALID_INPUT,
                        "cannot read the calendar in " + file + ": "
                                + e.getMessage().lines().findFirst().orElse(""));
            }
            service.setSchedule(clusterId, schedule, ShellPrincipal.current());
        }
        PolicySegment now = service.activePolicy(clusterId);
        out().println("Now: " + now.policy() + (now.window() == null ? "" : " (window " + now.window() + ")")
                + (now.day() == null ? "" : " (policy day " + now.day() + ")"));
        ShellTable table = new ShellTable();
        table.column("From");
        table.column("Until");
        table.column("Policy");
        table.column("Because of");
        for (PolicySegment s : service.timeline(clusterId, days)) {
            table.addRow()
                    .addContent(
                            Output.time(s.start()),
                            s.end() == null ? "-" : Output.time(s.end()),
                            s.policy(),
                            s.window() != null ? "window " + s.window() : s.day() != null ? "day " + s.day() : "");
        }
        table.print(out());
    }
}
