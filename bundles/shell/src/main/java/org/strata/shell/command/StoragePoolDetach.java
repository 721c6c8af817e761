package org.strata.shell.command;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.strata.api.storage.StorageService;
import org.strata.shell.ShellPrincipal;
import org.strata.shell.StrataAction;
import org.strata.shell.completer.HostIdCompleter;

@Command(
        scope = "strata",
        name = "storage-pool-detach",
        description = "Detaches a storage pool from the cluster or host with that id")
@Service
public class StoragePoolDetach extends StrataAction {

    @Reference
    StorageService storage;

    @Argument(index = 0, name = "hostId", description = "The storage host id", required = true)
    @Completion(HostIdCompleter.class)
    String hostId;

    @Argument(index = 1, name = "pool", description = "The pool", required = true)
    String pool;

    @Argument(index = 2, name = "targetId", description = "The cluster or host id it is attached to", required = true)
    String targetId;

    @Override
    protected void run() {
        storage.detach(hostId, pool, targetId, ShellPrincipal.current());
        out().println("Pool " + pool + " is no longer attached to " + targetId);
    }
}
