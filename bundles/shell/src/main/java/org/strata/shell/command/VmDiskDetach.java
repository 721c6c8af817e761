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
        name = "vm-disk-detach",
        description = "Detaches a disk from a virtual machine by its device name (vm-info shows it); prints the task")
@Service
public class VmDiskDetach extends TaskCommand {

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Argument(
            index = 1,
            name = "target",
            description = "The disk's device name in the guest, e.g. vdb",
            required = true)
    String target;

    @Override
    Task start() {
        return vms.detachDisk(id, target, ShellPrincipal.current());
    }
}
