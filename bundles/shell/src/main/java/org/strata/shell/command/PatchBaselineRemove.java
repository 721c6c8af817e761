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
import org.strata.shell.completer.BaselineIdCompleter;

@Command(
        scope = "strata",
        name = "patch-baseline-remove",
        description = "Removes a patch baseline and its compliance records")
@Service
public class PatchBaselineRemove extends StrataAction {

    @Reference(optional = true)
    PatchService patching;

    @Argument(index = 0, name = "id", description = "The baseline", required = true)
    @Completion(BaselineIdCompleter.class)
    String id;

    @Override
    protected void run() {
        Layer.patching(patching).deleteBaseline(id, ShellPrincipal.current());
        out().println("Baseline " + id + " removed");
    }
}
