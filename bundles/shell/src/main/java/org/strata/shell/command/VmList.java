package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.InventoryService;
import org.strata.api.Page;
import org.strata.api.VirtualMachine;
import org.strata.shell.Output;
import org.strata.shell.PagedAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(scope = "strata", name = "vm-list", description = "Lists the virtual machines on a host, asking its driver now")
@Service
public class VmList extends PagedAction {

    @Reference
    InventoryService inventory;

    @Argument(index = 0, name = "hostId", description = "The host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Override
    protected void run() {
        Page<VirtualMachine> page = Output.slice(inventory.virtualMachines(hostId), page());
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("State");
        table.column("CPUs").alignRight();
        table.column("Memory (MB)").alignRight();
        for (VirtualMachine vm : page.items()) {
            table.addRow().addContent(vm.id(), Output.text(vm.name()), Output.text(vm.state()), vm.cpus(),
                    vm.memoryMb());
        }
        print(table, page);
    }
}
