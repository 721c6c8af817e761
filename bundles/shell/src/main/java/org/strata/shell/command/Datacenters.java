package org.strata.shell.command;

import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.inventory.Datacenter;
import org.strata.shell.Output;

/** How the datacenter commands show one datacenter. */
final class Datacenters {

    private Datacenters() {}

    static ShellTable details(Datacenter dc) {
        ShellTable table = Output.details();
        Output.detail(table, "ID", dc.id());
        Output.detail(table, "Name", dc.name());
        Output.detail(table, "Description", dc.description());
        Output.detail(table, "Created", Output.time(dc.created()));
        return table;
    }
}
