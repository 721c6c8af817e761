package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.strata.api.InventoryService;
import org.strata.api.Task;
import org.strata.shell.Output;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

/** The power commands differ only in the operation they ask for; Karaf injects the inherited fields. */
abstract class VmPowerAction extends StrataAction {

    @Reference
    InventoryService inventory;

    @Argument(index = 0, name = "hostId", description = "The host the virtual machine runs on", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(index = 1, name = "vmId", description = "The virtual machine id, as vm-list shows it", required = true)
    String vmId;

    /** The operation's name in the API: start, shutdown or poweroff. */
    abstract String operation();

    @Override
    protected void run() {
        Task task = inventory.powerVirtualMachine(hostId, vmId, operation(), ShellPrincipal.current());
        Output.taskDetails(task).print(out());
    }
}
