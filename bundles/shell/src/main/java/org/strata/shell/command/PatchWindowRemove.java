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
import org.strata.shell.completer.PatchWindowIdCompleter;

@Command(
        scope = "strata",
        name = "patch-window-remove",
        description = "Removes a patch window; a run under way goes on to its end (task-cancel its task to stop it)")
@Service
public class PatchWindowRemove extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "id", description = "The patch window", required = true)
    @Completion(PatchWindowIdCompleter.class)
    String id;

    @Override
    protected void run() {
        Layer.patching(patching).deleteWindow(id, ShellPrincipal.current());
        out().println("Patch window " + id + " removed");
    }
}
