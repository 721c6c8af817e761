package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;

@Command(scope = "strata", name = "datacenter-add", description = "Creates a datacenter")
@Service
public class DatacenterAdd extends StrataAction {

    @Reference
    InventoryService inventory;

    @Argument(index = 0, name = "name", description = "Name of the new datacenter", required = true)
    String name;

    @Option(name = "--description", aliases = "-d", description = "A description")
    String description;

    @Override
    protected void run() {
        Datacenter dc = inventory.createDatacenter(new DatacenterSpec(name, description), ShellPrincipal.current());
        Datacenters.details(dc).print(out());
    }
}
