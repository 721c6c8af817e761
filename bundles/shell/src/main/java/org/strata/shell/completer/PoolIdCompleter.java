package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.PageRequest;
import org.strata.api.inventory.InventoryService;
import org.strata.api.inventory.ResourcePool;

/** Ids of the resource pools. */
@Service
public class PoolIdCompleter implements Completer {

    @Reference
    InventoryService inventory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Candidates.complete(
                session,
                commandLine,
                candidates,
                () -> inventory.pools(null, new PageRequest(0, Candidates.CAP)).items().stream()
                        .map(ResourcePool::id)
                        .toList());
    }
}
