package org.strata.shell.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.StrataException;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.datacenter.TenantService;
import org.strata.api.inventory.InventoryService;
import org.strata.api.monitor.GuestMonitoring;
import org.strata.api.vm.VirtualMachine;
import org.strata.api.vm.VmService;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;
import org.strata.shell.ShellScope;
import org.strata.shell.TenantScoped;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "vm-list",
        description =
                "Lists the virtual machines of the inventory, all or one host's; with a host argument, asks its driver now")
@Service
public class VmList extends PagedAction implements TenantScoped {

    @Reference(optional = true)
    TenantService tenants;

    @Reference
    InventoryService inventory;

    /**
     * Optional so that the older host-scoped form, which needs only the inventory, keeps working while
     * the VM service is not (yet) registered.
     */
    @Reference(optional = true)
    VmService vms;

    /** Optional for the same reason as the VM service. */
    @Reference(optional = true)
    GuestMonitoring guests;

    @Option(
            name = "--address",
            description = "Only the VMs whose guest agent reported this IP address at the guest sampler's last round")
    String address;

    @Option(name = "--host", description = "Only the VMs of the inventory on this host")
    @Completion(HostIdCompleter.class)
    String host;

    @Argument(
            index = 0,
            name = "hostId",
            required = false,
            description = "List what this host's driver reports now, also VMs outside the inventory")
    @Completion(HostIdCompleter.class)
    String liveHostId;

    @Option(name = "--ids", description = "Show the host by id instead of by name")
    boolean ids;

    @Override
    protected void run() {
        if (host != null && liveHostId != null) {
            throw StrataException.invalid("give either --host (the inventory) or a host argument (live), not both");
        }
        TenantScope scope = ShellScope.current(tenants, inventory);
        if (scope.scoped() && (host != null || liveHostId != null)) {
            scope.requirePlatform(); // hosts are infrastructure
        }
        if (address != null && liveHostId != null) {
            throw StrataException.invalid("--address looks in the inventory: give no host argument with it");
        }
        Page<VirtualMachine> page = address != null
                ? Output.slice(withAddress(scope), page())
                : liveHostId != null
                        ? Output.slice(inventory.virtualMachines(liveHostId), page())
                        : scope.scoped()
                                ? Vms.service(vms).vmsInPools(scope.poolIds(), page())
                                : Vms.service(vms).vms(host, page());
        Names names = new Names(inventory, null, ids);
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Host");
        table.column("State");
        table.column("CPUs").alignRight();
        table.column("Memory (MB)").alignRight();
        for (VirtualMachine vm : page.items()) {
            table.addRow()
                    .addContent(
                            vm.id(),
                            Output.text(vm.name()),
                            names.host(vm.hostId()),
                            Output.text(vm.state()),
                            vm.cpus(),
                            vm.memoryMb());
        }
        print(table, page);
    }

    /** The VMs whose guest reported the address, on --host when given, as the user sees them, by name then id. */
    private List<VirtualMachine> withAddress(TenantScope scope) {
        if (guests == null) {
            throw new StrataException(ErrorCode.UNAVAILABLE, "guest monitoring is not running");
        }
        List<VirtualMachine> found = new ArrayList<>();
        for (String id : guests.vmsWithAddress(address)) {
            VirtualMachine vm;
            try {
                vm = Vms.service(vms).vm(id);
            } catch (StrataException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    continue; // deleted since the round
                }
                throw e;
            }
            if ((host == null || host.equals(vm.hostId())) && (!scope.scoped() || scope.seesVm(vm))) {
                found.add(vm);
            }
        }
        found.sort(Comparator.comparing(VirtualMachine::name).thenComparing(VirtualMachine::id));
        return found;
    }
}
