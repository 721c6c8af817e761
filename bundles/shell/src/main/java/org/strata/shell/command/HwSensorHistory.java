package org.strata.shell.command;

import java.time.Instant;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.SensorSample;
import org.strata.shell.Arguments;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;
import org.strata.shell.completer.SensorNameCompleter;

@Command(
        scope = "strata",
        name = "hw-sensor-history",
        description = "Shows the polled readings of one sensor of a bare-metal machine, oldest first")
@Service
public class HwSensorHistory extends StrataAction {

    @Reference
    HardwareService hardware;

    @Argument(index = 0, name = "host", description = "The machine's host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(
            index = 1,
            name = "sensor",
            description = "The sensor's name, as hw-sensors shows it (quote it if it has spaces)",
            required = true)
    @Completion(SensorNameCompleter.class)
    String sensor;

    @Option(
            name = "--since",
            description = "How far back: 30s, 10m, 2h, 1d, or a time such as 2026-01-02T03:04:05Z (default 1h)")
    String since = "1h";

    @Override
    protected void run() {
        Instant from = Arguments.since("--since", since, Instant.now());
        ShellTable table = new ShellTable();
        table.column("Time");
        table.column("Value").alignRight();
        table.column("Status");
        for (SensorSample s : hardware.sensorHistory(hostId, sensor, from, null)) {
            table.addRow().addContent(Output.time(s.at()), Hardware.number(s.value()), Output.text(s.status()));
        }
        table.print(out());
    }
}
