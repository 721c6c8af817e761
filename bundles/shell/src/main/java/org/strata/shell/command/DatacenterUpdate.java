package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Arguments;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.DatacenterIdCompleter;

@Command(
        scope = "strata",
        name = "datacenter-update",
        description = "Renames a datacenter or changes its description; what is not given stays as it is")
@Service
public class DatacenterUpdate extends StrataAction {

    @Reference
    InventoryService inventory;

    @Argument(index = 0, name = "id", description = "The datacenter id", required = true)
    @Completion(DatacenterIdCompleter.class)
    String id;

    @Option(name = "--name", aliases = "-n", description = "The new name")
    String name;

    @Option(name = "--description", aliases = "-d", description = "The new description (\"\" clears it)")
    String description;

    @Override
    protected void run() {
        Arguments.requireAny("give --name, --description or both", name, description);
        Datacenter current = inventory.datacenter(id);
        DatacenterSpec spec = new DatacenterSpec(
                name != null ? name : current.name(), description != null ? description : current.description());
        Datacenter dc = inventory.updateDatacenter(id, spec, ShellPrincipal.current());
        Datacenters.details(dc).print(out());
    }
}
