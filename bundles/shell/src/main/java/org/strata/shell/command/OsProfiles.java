package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.os.OsProfileInfo;
import org.strata.api.os.OsService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "os-profiles",
        description =
                "Lists the OS profiles the running OS family drivers offer, with the provisioning methods of each")
@Service
public class OsProfiles extends StrataAction {

    @Reference(optional = true)
    OsService os;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Release");
        table.column("Edition");
        table.column("Role");
        table.column("Arch");
        table.column("Methods");
        table.column("Driver");
        for (OsProfileInfo p : Layer.os(os).profiles()) {
            table.addRow()
                    .addContent(
                            p.id(),
                            p.name(),
                            Output.text(p.release()),
                            Output.text(p.edition()),
                            Output.text(p.role()),
                            Output.text(p.architecture()),
                            Os.methods(p.methods()),
                            p.driverId());
        }
        table.print(out());
    }
}
