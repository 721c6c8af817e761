package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.PageRequest;
import org.strata.api.ha.Failover;
import org.strata.api.ha.HaService;

/** Ids of the newest failovers; none while the datacenter layer is not running. */
@Service
public class FailoverIdCompleter implements Completer {

    @Reference(optional = true)
    HaService ha;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Candidates.complete(
                session,
                commandLine,
                candidates,
                () -> ha == null
                        ? List.of()
                        : ha.failovers(null, new PageRequest(0, Candidates.CAP)).items().stream()
                                .map(Failover::id)
                                .toList());
    }
}
