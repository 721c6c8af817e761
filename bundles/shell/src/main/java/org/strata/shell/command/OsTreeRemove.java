package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.os.OsService;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.InstallTreeIdCompleter;

@Command(scope = "strata", name = "os-tree-remove", description = "Forgets an install tree; its folder stays")
@Service
public class OsTreeRemove extends StrataAction {

    @Reference(optional = true)
    OsService os;

    @Argument(index = 0, name = "id", description = "The tree, as os-trees shows it", required = true)
    @Completion(InstallTreeIdCompleter.class)
    String id;

    @Override
    protected void run() {
        Layer.os(os).removeInstallTree(id, ShellPrincipal.current());
        out().println("Install tree " + id + " removed");
    }
}
