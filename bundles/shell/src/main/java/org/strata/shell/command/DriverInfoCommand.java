package org.strata.shell.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.DriverInfo;
import org.strata.api.DriverService;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.DriverIdCompleter;

@Command(scope = "strata", name = "driver-info", description = "Shows a running driver and its capabilities")
@Service
public class DriverInfoCommand extends StrataAction {

    @Reference
    DriverService driverService;

    @Argument(index = 0, name = "id", description = "The driver id", required = true)
    @Completion(DriverIdCompleter.class)
    String id;

    @Override
    protected void run() {
        DriverInfo d = driverService.driver(id);
        ShellTable table = Output.details();
        Output.detail(table, "ID", d.id());
        Output.detail(table, "Kind", d.kind());
        Output.detail(table, "Vendor", d.vendor());
        Output.detail(table, "Version", d.version());
        Output.detail(table, "Description", d.description());
        Output.detail(table, "Bundle", d.bundle());
        List<String> capabilities = d.capabilities().stream().sorted().toList();
        if (capabilities.isEmpty()) {
            Output.detail(table, "Capabilities", "none");
        }
        for (int i = 0; i < capabilities.size(); i++) {
            Output.detail(table, i == 0 ? "Capabilities" : "", capabilities.get(i));
        }
        table.print(out());
    }
}
