package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.os.OsImage;
import org.strata.api.os.OsService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "os-images",
        description = "Lists the registered golden images: where each lies, and whether it can NAS-boot")
@Service
public class OsImages extends StrataAction {

    @Reference(optional = true)
    OsService os;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Profile");
        table.column("Storage host");
        table.column("Pool");
        table.column("Volume");
        table.column("NFS root");
        table.column("Created");
        for (OsImage i : Layer.os(os).images()) {
            table.addRow()
                    .addContent(
                            i.id(),
                            i.name(),
                            i.profileId(),
                            i.storageHostId(),
                            i.pool(),
                            i.volume(),
                            Output.text(i.nfsRoot()),
                            Output.time(i.created()));
        }
        table.print(out());
    }
}
