package org.strata.shell.command;

import java.time.Instant;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.monitor.HostSample;
import org.strata.api.vm.VmService;
import org.strata.shell.Arguments;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(scope = "strata", name = "host-stats", description = "Shows a host's monitoring samples, oldest first")
@Service
public class HostStatsCommand extends StrataAction {

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The host id", required = true)
    @Completion(HostIdCompleter.class)
    String id;

    @Option(
            name = "--since",
            description = "How far back: 30s, 10m, 2h, 1d, or a time such as 2026-01-02T03:04:05Z (default: all kept)")
    String since;

    @Override
    protected void run() {
        Instant from = Arguments.since("--since", since, Instant.now());
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("CPU %").alignRight();
        table.column("Memory used (MB)").alignRight();
        table.column("Memory total (MB)").alignRight();
        for (HostSample s : vms.hostStats(id, from, null)) {
            table.addRow()
                    .addContent(
                            Output.time(s.at()), Stats.percent(s.cpuPercent()), s.memoryUsedMb(), s.memoryTotalMb());
        }
        table.print(out());
    }
}
