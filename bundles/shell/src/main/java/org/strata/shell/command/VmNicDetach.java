package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.task.Task;
import org.strata.api.vm.VmService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-nic-detach",
        description = "Detaches a network interface from a virtual machine by its MAC address; prints the task")
@Service
public class VmNicDetach extends TaskCommand {

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Argument(
            index = 1,
            name = "mac",
            description = "The interface's MAC address, as vm-info shows it",
            required = true)
    String mac;

    @Override
    Task start() {
        return vms.detachNic(id, mac, ShellPrincipal.current());
    }
}
