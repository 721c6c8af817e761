package org.strata.shell.completer;

import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.strata.api.task.TaskState;

/** The task states, for {@code task-list --state}. */
@Service
public class TaskStateCompleter implements Completer {

    private final StringsCompleter delegate = new StringsCompleter(
            Arrays.stream(TaskState.values()).map(Enum::name).toList(), false);

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return delegate.complete(session, commandLine, candidates);
    }
}
