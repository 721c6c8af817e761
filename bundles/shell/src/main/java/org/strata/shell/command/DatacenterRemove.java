package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.DatacenterIdCompleter;

@Command(scope = "strata", name = "datacenter-remove", description = "Deletes an empty datacenter")
@Service
public class DatacenterRemove extends StrataAction {

    @Reference
    InventoryService inventory;

    @Argument(index = 0, name = "id", description = "The datacenter id", required = true)
    @Completion(DatacenterIdCompleter.class)
    String id;

    @Override
    protected void run() {
        inventory.deleteDatacenter(id, ShellPrincipal.current());
        out().println("Datacenter " + id + " removed");
    }
}
