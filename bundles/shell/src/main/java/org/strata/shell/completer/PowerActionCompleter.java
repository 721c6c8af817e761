package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.strata.api.operation.OperationTarget;
import org.strata.api.operation.Operations;

/** The power actions of {@code hw-power}: the declared machine operations. */
@Service
public class PowerActionCompleter implements Completer {

    private final StringsCompleter delegate = new StringsCompleter(Operations.names(OperationTarget.MACHINE));

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}
