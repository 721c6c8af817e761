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
import org.strata.shell.completer.OsImageIdCompleter;

@Command(
        scope = "strata",
        name = "os-image-remove",
        description =
                "Forgets a golden image; its volume stays on its storage host. Refused while a provisioning uses it")
@Service
public class OsImageRemove extends StrataAction {

    @Reference(optional = true)
    OsService os;

    @Argument(index = 0, name = "id", description = "The image, as os-images shows it", required = true)
    @Completion(OsImageIdCompleter.class)
    String id;

    @Override
    protected void run() {
        Layer.os(os).removeImage(id, ShellPrincipal.current());
        out().println("OS image " + id + " removed");
    }
}
