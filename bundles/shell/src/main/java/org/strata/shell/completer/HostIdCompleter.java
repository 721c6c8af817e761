package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.PageRequest;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.InventoryService;

/** Ids of the managed hosts. */
@Service
public class HostIdCompleter implements Completer {

    @Reference
    InventoryService inventory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Candidates.complete(
                session,
                commandLine,
                candidates,
                () -> inventory.hosts(null, new PageRequest(0, Candidates.CAP)).items().stream()
                        .map(Host::id)
                        .toList());
    }
}
