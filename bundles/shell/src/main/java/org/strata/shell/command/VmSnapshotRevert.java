package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.task.Task;
import org.strata.api.vm.SnapshotService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-snapshot-revert",
        description = "Puts a virtual machine back as it was at a snapshot (running after one with memory, stopped"
                + " after one without); prints the task")
@Service
public class VmSnapshotRevert extends TaskCommand {

    @Reference
    SnapshotService snapshots;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Argument(index = 1, name = "name", description = "The snapshot's name", required = true)
    String name;

    @Override
    Task start() {
        return snapshots.revertSnapshot(id, name, ShellPrincipal.current());
    }
}
