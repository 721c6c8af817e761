package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.storage.StorageService;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(scope = "strata", name = "volume-info", description = "Shows a volume: format, capacity, path for a VM disk")
@Service
public class VolumeInfoCommand extends StrataAction {

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

    @Override
    protected void run() {
        Volumes.details(storage.volume(hostId, pool, name)).print(out());
    }
}
