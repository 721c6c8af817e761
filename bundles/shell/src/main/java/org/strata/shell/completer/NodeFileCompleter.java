package org.strata.shell.completer;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * Paths on the Strata node, for {@code patch-package-upload}: Karaf's own file completer, registered by this bundle
 * (Karaf's class is no {@code @Service}, so a command of this bundle cannot name it directly).
 */
@Service
public class NodeFileCompleter implements Completer {

    private final FileCompleter delegate = new FileCompleter();

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        delegate.completeCandidates(session, commandLine, candidates);
    }
}
