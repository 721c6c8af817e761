package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "host-remove",
        description = "Stops managing a host and removes it from the inventory")
@Service
public class HostRemove extends StrataAction {

    @Reference
    InventoryService inventory;

    @Argument(index = 0, name = "id", description = "The host id", required = true)
    @Completion(HostIdCompleter.class)
    String id;

    @Override
    protected void run() {
        inventory.removeHost(id, ShellPrincipal.current());
        out().println("Host " + id + " removed");
    }
}
