package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.patch.PackageRepository;
import org.strata.api.patch.PatchService;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;

@Command(
        scope = "strata",
        name = "patch-repo-list",
        description = "Lists the package repositories: Strata's own (local, of uploaded packages) and external ones")
@Service
public class PatchRepoList extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        for (String c : new String[] {"ID", "Name", "Family", "Kind", "URL", "Suite", "Components", "Created"}) {
            table.column(c);
        }
        for (PackageRepository r : Layer.patching(patching).repositories()) {
            table.addRow()
                    .addContent(
                            r.id(),
                            r.name(),
                            r.family(),
                            r.local() ? "local" : "external",
                            r.url(),
                            Output.text(r.suite()),
                            Output.joined(r.components()),
                            Output.time(r.created()));
        }
        table.print(out());
    }
}
