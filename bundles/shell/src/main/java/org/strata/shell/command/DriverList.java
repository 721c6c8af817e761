package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.driver.DriverInfo;
import org.strata.api.driver.DriverService;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;

@Command(scope = "strata", name = "driver-list", description = "Lists the drivers running in the platform")
@Service
public class DriverList extends PagedAction {

    @Reference
    DriverService driverService;

    @Override
    protected void run() {
        Page<DriverInfo> page = Output.slice(driverService.drivers(), page());
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Kind");
        table.column("Vendor");
        table.column("Version");
        table.column("Bundle");
        for (DriverInfo d : page.items()) {
            table.addRow()
                    .addContent(
                            d.id(),
                            Output.text(d.kind()),
                            Output.text(d.vendor()),
                            Output.text(d.version()),
                            Output.text(d.bundle()));
        }
        print(table, page);
    }
}
