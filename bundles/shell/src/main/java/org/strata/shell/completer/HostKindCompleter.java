package org.strata.shell.completer;

import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.strata.api.inventory.HostKind;

/** The host kinds, for {@code host-add --kind}. */
@Service
public class HostKindCompleter implements Completer {

    private final StringsCompleter delegate = new StringsCompleter(
            Arrays.stream(HostKind.values()).map(Enum::name).toList(), false);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}
