package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.strata.api.patch.PatchService;
import org.strata.api.patch.PatchWindow;

/** Ids of the patch windows; none while patching is not running. */
@Service
public class PatchWindowIdCompleter implements Completer {

    @Reference(optional = true)
    PatchService patching;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return Candidates.complete(
                session,
                commandLine,
                candidates,
                () -> patching == null
                        ? List.of()
                        : patching.windows().stream().map(PatchWindow::id).toList());
    }
}
