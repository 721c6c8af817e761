package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.storage.StorageService;
import org.strata.api.task.Task;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "volume-resize",
        description = "Grows a volume (shrinking is refused); prints the task")
@Service
public class VolumeResize extends TaskCommand {

    @Reference
    StorageService storage;

    @Argument(index = 0, name = "hostId", description = "The storage host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(
            index = 1,
            name = "pool",
            description = "The storage pool, as storage-pool-list shows it",
            required = true)
    String pool;

    @Argument(index = 2, name = "name", description = "The volume name", required = true)
    String name;

    @Argument(index = 3, name = "capacityMb", description = "The new capacity in MB", required = true)
    long capacityMb;

    @Override
    Task start() {
        return storage.resizeVolume(hostId, pool, name, capacityMb, ShellPrincipal.current());
    }
}
