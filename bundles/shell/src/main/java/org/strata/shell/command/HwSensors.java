package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.Sensor;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "hw-sensors",
        description = "Reads every sensor of a bare-metal machine now, with its thresholds and status")
@Service
public class HwSensors extends StrataAction {

    @Reference
    HardwareService hardware;

    @Argument(index = 0, name = "host", description = "The machine's host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Type");
        table.column("Value").alignRight();
        table.column("Unit");
        table.column("Status");
        // Lower and upper non-recoverable, critical and non-critical thresholds, as ipmitool names them.
        for (String threshold : new String[] {"LNR", "LC", "LNC", "UNC", "UC", "UNR"}) {
            table.column(threshold).alignRight();
        }
        for (Sensor s : hardware.sensors(hostId)) {
            table.addRow()
                    .addContent(
                            s.name(),
                            Output.text(s.type()),
                            Hardware.number(s.value()),
                            Output.text(s.unit()),
                            Output.text(s.status()),
                            Hardware.number(s.lowerNonRecoverable()),
                            Hardware.number(s.lowerCritical()),
                            Hardware.number(s.lowerNonCritical()),
                            Hardware.number(s.upperNonCritical()),
                            Hardware.number(s.upperCritical()),
                            Hardware.number(s.upperNonRecoverable()));
        }
        table.print(out());
    }
}
