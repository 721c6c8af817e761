package org.strata.shell.command;

import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Host;
import org.strata.shell.Output;

/** How the host commands show one host. The password is never shown, only whether one is stored. */
final class Hosts {

    private Hosts() {
    }

    static ShellTable details(Host h) {
        ShellTable table = Output.details();
        Output.detail(table, "ID", h.id());
        Output.detail(table, "Name", h.name());
        Output.detail(table, "Datacenter", h.datacenterId());
        Output.detail(table, "Pool", h.poolId());
        Output.detail(table, "Driver", h.driverId());
        Output.detail(table, "Address", h.address());
        Output.detail(table, "User", h.username());
        Output.detail(table, "Password", h.hasPassword() ? "stored" : "none");
        Output.detail(table, "State", h.state());
        Output.detail(table, "State reason", h.stateReason());
        Output.detail(table, "Created", Output.time(h.created()));
        return table;
    }
}
