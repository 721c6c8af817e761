package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.os.OsService;
import org.strata.api.os.Provisioning;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;

@Command(
        scope = "strata",
        name = "provisioning-list",
        description = "Lists provisionings, newest first: target, profile, method and state")
@Service
public class ProvisioningList extends PagedAction {

    @Reference(optional = true)
    OsService os;

    @Override
    protected void run() {
        Page<Provisioning> page = Layer.os(os).provisionings(page());
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Target");
        table.column("Hostname");
        table.column("Profile");
        table.column("Method");
        table.column("State");
        table.column("Task");
        table.column("Created");
        table.column("Ended");
        for (Provisioning p : page.items()) {
            table.addRow()
                    .addContent(
                            p.id(),
                            Output.target(p.targetType(), p.targetId()),
                            Output.text(p.hostname()),
                            p.profileId(),
                            Ha.word(p.method()),
                            p.state(),
                            Output.text(p.taskId()),
                            Output.time(p.created()),
                            Output.time(p.ended()));
        }
        print(table, page);
    }
}
