package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.PoolIdCompleter;

@Command(scope = "strata", name = "pool-remove", description = "Deletes a pool that holds no child pools and no hosts")
@Service
public class PoolRemove extends StrataAction {

    @Reference
    InventoryService inventory;

    @Argument(index = 0, name = "id", description = "The pool id", required = true)
    @Completion(PoolIdCompleter.class)
    String id;

    @Override
    protected void run() {
        inventory.deletePool(id, ShellPrincipal.current());
        out().println("Pool " + id + " removed");
    }
}
