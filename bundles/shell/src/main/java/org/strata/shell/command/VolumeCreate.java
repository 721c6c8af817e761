package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.storage.StorageService;
import org.strata.api.storage.VolumeSpec;
import org.strata.api.task.Task;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.completer.HostIdCompleter;

@Command(scope = "strata", name = "volume-create", description = "Creates a volume in a storage pool; prints the task")
@Service
public class VolumeCreate extends TaskCommand {

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

    @Argument(index = 2, name = "name", description = "The new volume's name", required = true)
    String name;

    @Option(name = "--size", description = "Capacity in MB", required = true)
    long capacityMb;

    @Option(name = "--format", description = "qcow2 (default), raw, or vmdk (ESX datastores)")
    String format;

    @Override
    Task start() {
        return storage.createVolume(hostId, new VolumeSpec(pool, name, capacityMb, format), ShellPrincipal.current());
    }
}
