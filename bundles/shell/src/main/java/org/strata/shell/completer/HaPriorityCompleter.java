package org.strata.shell.completer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.strata.api.ha.HaPriority;

/** The HA restart priorities, for {@code vm-ha --priority}, as the shell writes them. */
@Service
public class HaPriorityCompleter implements Completer {

    private final StringsCompleter delegate = new StringsCompleter(
            Arrays.stream(HaPriority.values())
                    .map(p -> p.name().toLowerCase(Locale.ROOT))
                    .toList(),
            false);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}
