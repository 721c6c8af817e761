package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.storage.StorageAttachment;
import org.strata.api.storage.StorageService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "storage-pool-attach",
        description = "Attaches a storage pool to a cluster (--cluster) or a host (--host): the hosts that see it;"
                + " without --cluster or --host, lists who sees it")
@Service
public class StoragePoolAttach extends StrataAction {

    @Reference
    StorageService storage;

    @Argument(index = 0, name = "hostId", description = "The storage host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(index = 1, name = "pool", description = "The pool", required = true)
    String pool;

    @Option(name = "--cluster", description = "Every host of this cluster sees the pool")
    String clusterId;

    @Option(name = "--host", description = "This host sees the pool")
    @Completion(HostIdCompleter.class)
    String targetHostId;

    @Override
    protected void run() {
        if (clusterId != null || targetHostId != null) {
            storage.attach(
                    hostId,
                    pool,
                    new StorageAttachment(hostId, pool, clusterId, targetHostId),
                    ShellPrincipal.current());
        }
        var all = storage.attachments(hostId, pool);
        if (all.isEmpty()) {
            out().println("Pool " + pool + " is attached nowhere: nothing constrains where its disks are used");
        }
        for (StorageAttachment a : all) {
            out().println("Pool " + pool + " is seen by "
                    + (a.clusterId() != null ? "cluster " + a.clusterId() : "host " + a.hostId()));
        }
    }
}
