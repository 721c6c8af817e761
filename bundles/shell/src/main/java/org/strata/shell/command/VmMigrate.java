package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.task.Task;
import org.strata.api.vm.VmService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.HostIdCompleter;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-migrate",
        description = "Moves a running virtual machine live to another host of the same driver; prints the task")
@Service
public class VmMigrate extends TaskCommand {

    @Reference
    VmService vms;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Argument(index = 1, name = "targetHostId", description = "The host to move it to", required = true)
    @Completion(HostIdCompleter.class)
    String targetHostId;

    @Override
    Task start() {
        return vms.migrate(id, targetHostId, ShellPrincipal.current());
    }
}
