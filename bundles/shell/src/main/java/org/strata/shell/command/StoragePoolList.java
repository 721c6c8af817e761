package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.storage.StoragePool;
import org.strata.api.storage.StorageService;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

/** Named storage-pool-list because pool-list lists resource pools. */
@Command(
        scope = "strata",
        name = "storage-pool-list",
        description = "Lists the storage pools of a storage host with their capacity and free space, asking it now")
@Service
public class StoragePoolList extends StrataAction {

    @Reference
    StorageService storage;

    @Argument(index = 0, name = "hostId", description = "The storage host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        table.column("Pool");
        table.column("Capacity").alignRight();
        table.column("Free").alignRight();
        table.column("Volumes").alignRight();
        table.column("Provisioned").alignRight();
        table.column("Overcommit").alignRight();
        for (String name : storage.pools(hostId).stream().sorted().toList()) {
            StoragePool pool = storage.pool(hostId, name);
            Double overcommit = pool.overcommit();
            table.addRow()
                    .addContent(
                            name,
                            size(pool.capacityBytes()),
                            size(pool.freeBytes()),
                            pool.volumes(),
                            size(pool.provisionedBytes()),
                            overcommit == null ? "-" : String.format(java.util.Locale.ROOT, "%.2f", overcommit));
        }
        table.print(out());
    }

    /** GiB with one decimal, "-" where the backend does not say. */
    private static String size(Long bytes) {
        return bytes == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }
}
