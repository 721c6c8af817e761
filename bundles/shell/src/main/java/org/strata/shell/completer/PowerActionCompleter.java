package org.strata.shell.completer;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** The power actions of {@code hw-power}. */
@Service
public class PowerActionCompleter implements Completer {

    /** What HardwareService.power accepts. */
    public static final List<String> ACTIONS = List.of("on", "off", "softoff", "cycle", "reset", "identify");

    private final StringsCompleter delegate = new StringsCompleter(ACTIONS);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}
