package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.os.InstallTree;
import org.strata.api.os.OsService;

/** Ids of the registered install trees; none while the OS layer is not running. */
@Service
public class InstallTreeIdCompleter implements Completer {

    @Reference(optional = true)
    OsService os;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Candidates.complete(
                session,
                commandLine,
                candidates,
                () -> os == null
                        ? List.of()
                        : os.installTrees().stream().map(InstallTree::id).toList());
    }
}
