package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.task.Task;
import org.strata.api.vm.SnapshotRequest;
import org.strata.api.vm.SnapshotService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.VmIdCompleter;

@Command(
        scope = "strata",
        name = "vm-snapshot-create",
        description = "Takes a snapshot of a virtual machine (with a running VM's memory unless --disks-only);"
                + " prints the task")
@Service
public class VmSnapshotCreate extends TaskCommand {

    @Reference
    SnapshotService snapshots;

    @Argument(index = 0, name = "id", description = "The VM id", required = true)
    @Completion(VmIdCompleter.class)
    String id;

    @Argument(index = 1, name = "name", description = "The snapshot's name, unique for the VM", required = true)
    String name;

    @Option(name = "--description", aliases = "-d", description = "Free text kept with the snapshot")
    String description;

    @Option(name = "--disks-only", description = "Do not keep the memory: a revert leaves the VM stopped")
    boolean disksOnly;

    @Option(name = "--no-quiesce", description = "Do not freeze the guest's file systems through its agent")
    boolean noQuiesce;

    @Override
    Task start() {
        return snapshots.createSnapshot(
                id, new SnapshotRequest(name, description, !disksOnly, !noQuiesce), ShellPrincipal.current());
    }
}
