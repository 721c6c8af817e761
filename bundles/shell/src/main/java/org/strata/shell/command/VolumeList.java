package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.storage.StorageService;
import org.strata.api.storage.Volume;
import org.strata.shell.Output;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "volume-list",
        description = "Lists the volumes of a storage pool, asking the storage host now")
@Service
public class VolumeList extends StrataAction {

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

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Format");
        table.column("Capacity (MB)").alignRight();
        table.column("Allocated (MB)").alignRight();
        table.column("Path");
        for (Volume v : storage.volumes(hostId, pool)) {
            table.addRow()
                    .addContent(
                            v.name(),
                            Output.text(v.format()),
                            Volumes.mb(v.capacityBytes()),
                            Volumes.mb(v.allocationBytes()),
                            Output.text(v.path()));
        }
        table.print(out());
    }
}
