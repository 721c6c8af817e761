package org.strata.shell.command;

import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostInfo;
import org.strata.shell.Output;

/** How the host commands show one host. The password is never shown, only whether one is stored. */
final class Hosts {

    private Hosts() {}

    /** @param names how the datacenter, pool and BMC are named beside their ids */
    static ShellTable details(Host h, Names names) {
        ShellTable table = Output.details();
        Output.detail(table, "ID", h.id());
        Output.detail(table, "Name", h.name());
        Output.detail(table, "Datacenter", Names.withId(names.datacenter(h.datacenterId()), h.datacenterId()));
        Output.detail(table, "Pool", Names.withId(names.pool(h.poolId()), h.poolId()));
        Output.detail(table, "Kind", h.kind());
        Output.detail(table, "Driver", h.driverId());
        Output.detail(table, "Address", h.address());
        Output.detail(table, "User", h.username());
        Output.detail(table, "Password", h.hasPassword() ? "stored" : "none");
        Output.detail(table, "BMC", Names.withId(names.host(h.bmcHostId()), h.bmcHostId()));
        Output.detail(table, "State", h.state());
        Output.detail(table, "State reason", h.stateReason());
        Output.detail(table, "Created", Output.time(h.created()));
        HostInfo info = h.info();
        if (info != null) {
            Output.detail(table, "Hostname", info.hostname());
            Output.detail(
                    table, "Hypervisor", Output.text(info.hypervisor()) + " " + Output.text(info.hypervisorVersion()));
            Output.detail(table, "CPU", info.cpus() + " x " + Output.text(info.cpuModel()));
            Output.detail(table, "Memory (MB)", info.memoryMb());
            for (HostInfo.NumaNode node : info.numaNodes()) {
                Output.detail(table, "NUMA node " + node.id(), node.cpus() + " CPUs, " + node.memoryMb() + " MB");
            }
            Output.detail(table, "Guest types", Output.joined(info.guestTypes()));
            Output.detail(table, "Capabilities", Output.joined(info.capabilities()));
            Output.detail(table, "Info refreshed", Output.time(info.refreshed()));
        }
        return table;
    }
}
