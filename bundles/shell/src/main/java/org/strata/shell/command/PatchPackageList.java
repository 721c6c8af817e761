package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.patch.PatchService;
import org.strata.api.patch.RepositoryPackage;
import org.strata.shell.Layer;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.PatchRepositoryIdCompleter;

@Command(
        scope = "strata",
        name = "patch-package-list",
        description = "Lists the packages of a local repository, by name then version")
@Service
public class PatchPackageList extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "repository", description = "The repository", required = true)
    @Completion(PatchRepositoryIdCompleter.class)
    String repositoryId;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Version");
        table.column("Arch");
        table.column("File");
        table.column("Size").alignRight();
        table.column("SHA-256");
        table.column("Uploaded");
        for (RepositoryPackage p : Layer.patching(patching).packages(repositoryId)) {
            table.addRow()
                    .addContent(
                            p.name(),
                            p.version(),
                            p.architecture(),
                            p.fileName(),
                            p.size(),
                            p.sha256(),
                            Output.time(p.uploaded()));
        }
        table.print(out());
    }
}
