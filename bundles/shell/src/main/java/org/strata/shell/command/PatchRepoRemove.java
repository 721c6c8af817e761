package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.patch.PatchService;
import org.strata.shell.Layer;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.PatchRepositoryIdCompleter;

@Command(
        scope = "strata",
        name = "patch-repo-remove",
        description = "Removes a package repository (a local one with its files); refused while a baseline names it")
@Service
public class PatchRepoRemove extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "id", description = "The repository", required = true)
    @Completion(PatchRepositoryIdCompleter.class)
    String id;

    @Override
    protected void run() {
        Layer.patching(patching).deleteRepository(id, ShellPrincipal.current());
        out().println("Repository " + id + " removed");
    }
}
