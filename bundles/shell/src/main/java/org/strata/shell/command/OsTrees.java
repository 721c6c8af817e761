package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.os.InstallTree;
import org.strata.api.os.OsService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "os-trees",
        description = "Lists the install trees the boot service serves (folders of network-boot files)")
@Service
public class OsTrees extends StrataAction {

    @Reference(optional = true)
    OsService os;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Profile");
        table.column("Path");
        table.column("Files").alignRight();
        table.column("Created");
        for (InstallTree t : Layer.os(os).installTrees()) {
            table.addRow().addContent(t.id(), t.name(), t.profileId(), t.path(), t.files(), Output.time(t.created()));
        }
        table.print(out());
    }
}
