package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.hardware.HardwareService;
import org.strata.api.hardware.SelRecord;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(scope = "strata", name = "hw-sel", description = "Reads a bare-metal machine's system event log, oldest first")
@Service
public class HwSel extends StrataAction {

    @Reference
    HardwareService hardware;

    @Argument(index = 0, name = "host", description = "The machine's host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("Time");
        table.column("Sensor type");
        table.column("Sensor");
        table.column("Event");
        table.column("Direction");
        for (SelRecord r : hardware.eventLog(hostId)) {
            // A BMC whose clock was never set stamps records with no usable time.
            table.addRow()
                    .addContent(
                            r.recordId(),
                            r.at() == null ? "(clock not set)" : Output.time(r.at()),
                            Output.text(r.sensorType()),
                            Output.text(r.sensor()),
                            Output.text(r.description()),
                            r.asserted() ? "asserted" : "deasserted");
        }
        table.print(out());
    }
}
