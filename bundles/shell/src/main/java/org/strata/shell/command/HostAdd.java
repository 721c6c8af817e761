package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostKind;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.InventoryService;
import org.strata.shell.Arguments;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.DatacenterIdCompleter;
import org.strata.shell.completer.DriverIdCompleter;
import org.strata.shell.completer.HostIdCompleter;
import org.strata.shell.completer.HostKindCompleter;
import org.strata.shell.completer.PoolIdCompleter;

@Command(
        scope = "strata",
        name = "host-add",
        description = "Adds a host to manage; with --user and no --password, asks for the password")
@Service
public class HostAdd extends StrataAction {

    @Reference
    InventoryService inventory;

    @Reference
    Session session;

    @Argument(index = 0, name = "name", description = "Name of the host in Strata", required = true)
    String name;

    @Option(name = "--datacenter", description = "The datacenter the host belongs to", required = true)
    @Completion(DatacenterIdCompleter.class)
    String datacenterId;

    @Option(name = "--driver", description = "The id of the driver that manages the host", required = true)
    @Completion(DriverIdCompleter.class)
    String driverId;

    @Option(name = "--address", description = "How the driver reaches the host (host name, IP or URI)", required = true)
    String address;

    @Option(name = "--pool", description = "The resource pool to put the host in")
    @Completion(PoolIdCompleter.class)
    String poolId;

    @Option(name = "--user", aliases = "-u", description = "User name for the host")
    String username;

    @Option(
            name = "--password",
            aliases = "-p",
            censor = true,
            description = "Password for the host (asked for, unechoed, when --user is given without it)")
    String password;

    @Option(name = "--bmc", description = "Id of the bare-metal machine host whose BMC manages this host's power")
    @Completion(HostIdCompleter.class)
    String bmcHostId;

    @Option(
            name = "--kind",
            description = "What the host is: HYPERVISOR, STORAGE or MACHINE. Taken from the driver"
                    + " when it runs; needed to add a host before its driver runs")
    @Completion(HostKindCompleter.class)
    String kind;

    @Override
    protected void run() throws Exception {
        HostKind hostKind = Arguments.hostKind(kind);
        String secret = password;
        if (username != null && secret == null) {
            secret = session.readLine("Password: ", '*');
            if (secret != null && secret.isEmpty()) {
                secret = null;
            }
        }
        Host host = inventory.addHost(
                new HostSpec(name, datacenterId, poolId, driverId, address, username, secret, bmcHostId, hostKind),
                ShellPrincipal.current());
        Hosts.details(host, new Names(inventory, null, false)).print(out());
    }
}
