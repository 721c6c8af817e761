package org.strata.shell.command;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.datacenter.ClusterHours;
import org.strata.api.datacenter.UsageCsv;
import org.strata.api.datacenter.UsageQuery;
import org.strata.api.datacenter.UsageReport;
import org.strata.api.datacenter.UsageReportService;
import org.strata.api.datacenter.UsageStep;
import org.strata.shell.Arguments;
import org.strata.shell.Layer;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "usage-report",
        description = "Cost and utilization report of a tenant, a pool (with its sub-pools) or a cluster: reserved,"
                + " allocated and used CPU and memory per hour or day, VM-hours, host-hours powered on and saved")
@Service
public class UsageReportCommand extends StrataAction {

    @Reference(optional = true)
    UsageReportService reports;

    @Option(name = "--tenant", description = "The tenant, by name or id")
    String tenant;

    @Option(name = "--pool", description = "A pool id: the pool and its sub-pools")
    String pool;

    @Option(name = "--cluster", description = "A cluster id")
    String cluster;

    @Option(name = "--from", description = "Start: a time (2026-01-02T00:00:00Z) or a duration back (7d, 12h)")
    String from;

    @Option(name = "--to", description = "End (exclusive): a time or a duration back; default now")
    String to;

    @Option(name = "--step", description = "hour or day (default day)")
    String step;

    @Option(name = "--csv", description = "Print CSV (a header line, one line per step) instead of a table")
    boolean csv;

    @Option(name = "--sample", description = "Record a sample of every pool and cluster now, before the report")
    boolean sample;

    @Override
    protected void run() {
        UsageReportService service = Layer.required(reports);
        if (sample) {
            service.sampleNow();
        }
        Instant now = Instant.now();
        UsageReport report = service.report(new UsageQuery(
                tenant, pool, cluster, Arguments.since("--from", from, now), Arguments.since("--to", to, now), step));
        if (csv) {
            out().print(UsageCsv.write(report));
            return;
        }
        out().println(report.scope() + " " + report.subjectName() + ", " + report.from() + " to " + report.to() + " by "
                + report.step() + " (CPU in vCPUs, memory in MiB: averages; hours: sums)");
        ShellTable table = new ShellTable();
        table.column("Start");
        for (String c : List.of(
                "Covered h",
                "CPU rsv",
                "CPU alloc",
                "CPU used",
                "Mem rsv",
                "Mem alloc",
                "Mem used",
                "VM h",
                "Host h on",
                "Host h saved")) {
            table.column(c).alignRight();
        }
        for (UsageStep s : report.steps()) {
            row(table, s.start().toString(), s);
        }
        row(table, "total", report.totals());
        table.print(out());
        for (ClusterHours h : report.clusters()) {
            out().println("cluster " + h.name() + ": " + number(h.hostHoursPoweredOn()) + " host-hours powered on, "
                    + number(h.hostHoursSaved()) + " saved by power-saving windows");
        }
    }

    private static void row(ShellTable table, String label, UsageStep s) {
        table.addRow()
                .addContent(
                        label,
                        number(s.coveredHours()),
                        number(s.cpuReserved()),
                        number(s.cpuAllocated()),
                        number(s.cpuUsed()),
                        number(s.memoryReservedMb()),
                        number(s.memoryAllocatedMb()),
                        number(s.memoryUsedMb()),
                        number(s.vmHours()),
                        number(s.hostHoursPoweredOn()),
                        number(s.hostHoursSaved()));
    }

    private static String number(double v) {
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }
}
