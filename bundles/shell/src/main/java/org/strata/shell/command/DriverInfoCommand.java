package org.strata.shell.command;

import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.driver.DriverAccepts;
import org.strata.api.driver.DriverInfo;
import org.strata.api.driver.DriverService;
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
        // What the driver takes in requests; what it leaves open is not shown.
        DriverAccepts a = d.accepts();
        words(table, "Disk formats", a.diskFormats());
        words(table, "Disk buses", a.diskBuses());
        words(table, "NIC models", a.nicModels());
        words(table, "Volume formats", a.volumeFormats());
        words(table, "Import formats", a.importFormats());
        if (a.poolNames() != null) {
            Output.detail(table, "Pool names", a.poolNames());
        }
        if (a.volumeNames() != null) {
            Output.detail(table, "Volume names", a.volumeNames());
        }
        if (a.maxUserNameLength() != null) {
            Output.detail(table, "User names", "at most " + a.maxUserNameLength() + " characters");
        }
        if (a.maxPasswordLength() != null) {
            Output.detail(table, "Passwords", "at most " + a.maxPasswordLength() + " bytes");
        }
        table.print(out());
    }

    private static void words(ShellTable table, String label, List<String> words) {
        if (!words.isEmpty()) {
            Output.detail(table, label, String.join(", ", words));
        }
    }
}
